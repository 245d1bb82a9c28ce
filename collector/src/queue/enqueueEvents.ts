import type { IngestMessage } from './ingestMessage';

/**
 * Cloudflare Queues limits: 128 KB per message, 100 messages and 256 KB per sendBatch. A request may
 * hold 256 KB of events, so its rows are split into messages of at most MESSAGE_BYTES (JSON, with room
 * for the envelope), sent in as few sendBatch calls as the 256 KB cap allows.
 */
const MESSAGE_BYTES = 96 * 1024;
const SEND_BATCH_BYTES = 200 * 1024;

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

/** Splits a request's rows into messages under the per-message cap (a row is at most 32 KB + a few fields). */
export function toMessages(message: IngestMessage): IngestMessage[] {
  // The drop count travels once, on the first message, so a split request does not count it twice.
  const { dropped, rows: all, ...envelope } = message;
  const messages: IngestMessage[] = [];
  let rows: IngestMessage['rows'] = [];
  let size = 0;
  const flush = () => messages.push({ ...envelope, rows, ...(dropped && !messages.length ? { dropped } : {}) });
  for (const row of all) {
    const rowBytes = bytes(row) + 1;
    if (rows.length && size + rowBytes > MESSAGE_BYTES) {
      flush();
      rows = [];
      size = 0;
    }
    rows.push(row);
    size += rowBytes;
  }
  flush();
  return messages;
}

/**
 * Sends a request's rows to the ingest queue and resolves only when the queue has them: the caller
 * acknowledges the request after this, so nothing acknowledged lives only in this isolate. A failed
 * send rejects (the route answers 503); a later retry of the request may re-send messages that did
 * go out, which is harmless because the consumer stores by event id (INSERT OR IGNORE).
 */
export async function enqueueEvents(queue: Queue, message: IngestMessage): Promise<{ queued: number }> {
  let group: MessageSendRequest<IngestMessage>[] = [];
  let size = 0;
  for (const body of toMessages(message)) {
    const b = bytes(body);
    if (group.length && size + b > SEND_BATCH_BYTES) {
      await queue.sendBatch(group);
      group = [];
      size = 0;
    }
    group.push({ body, contentType: 'json' });
    size += b;
  }
  await queue.sendBatch(group);
  return { queued: message.rows.length };
}
