import type { Env } from '../env';
import { countFiltered } from '../store/ingestFiltered';
import { storeEvents, storeMany, type StoreResult } from '../store/events';
import { recordDropped } from '../store/ingestStats';
import { ingestMessageSchema, type IngestMessage } from './ingestMessage';

/** The dead-letter queue is named after the ingest queue plus this (wrangler.toml, `[env.queue]`). */
export const DEAD_LETTER_SUFFIX = '-dlq';
/** The reason dead poison messages are counted under in `ingest_filtered` (per site and day). */
export const POISON_REASON = 'queue_poison';

/** Backoff while D1 fails: 5 s, 10 s, 20 s … capped at 5 minutes (Queues allows up to 12 h). */
export const retryDelaySeconds = (attempts: number) => Math.min(5 * 2 ** Math.max(0, attempts - 1), 300);

/**
 * The Worker's `queue` handler, for the ingest queue and its dead-letter queue.
 * Ingest queue: the batch's valid messages are stored through the same statements as storeEvents
 * (INSERT OR IGNORE by event id, projections over the rows each message inserted), several messages per
 * D1 transaction, so a redelivered message stores nothing twice. If a transaction fails, its messages are
 * tried one by one; a storage error retries that message with backoff; after `max_retries` Queues moves it to the
 * dead-letter queue. A message that fails validation (poison) is sent to the dead-letter queue at once.
 * Dead-letter queue: valid messages get one more (slower) chance to be stored; poison is counted per
 * site under `queue_poison` in ingest_filtered, logged with its body, and acknowledged.
 */
export async function consumeIngest(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const deadLetter = batch.queue.endsWith(DEAD_LETTER_SUFFIX);
  const valid: Valid[] = [];
  for (const msg of batch.messages) {
    const parsed = ingestMessageSchema.safeParse(msg.body);
    if (parsed.success) valid.push({ msg, m: parsed.data as IngestMessage });
    else await poison(msg, env, deadLetter, parsed.error.issues[0]);
  }
  const totals = new Map<string, { messages: number; stored: number; duplicates: number }>();
  const done = async ({ msg, m }: Valid, { stored, duplicates }: StoreResult) => {
    // The drop count is a statistic next to the events: if it cannot be written, log it, keep the events.
    if (m.dropped && stored) await recordDropped(env.DB, m.site, m.dropped, m.receivedAt).catch((err) => console.error('ingest queue: drop count not recorded', m.site, m.dropped, err));
    msg.ack();
    const t = totals.get(m.site) ?? { messages: 0, stored: 0, duplicates: 0 };
    totals.set(m.site, { messages: t.messages + 1, stored: t.stored + stored, duplicates: t.duplicates + duplicates });
  };
  const retry = ({ msg }: Valid, err: unknown) => {
    const delaySeconds = retryDelaySeconds(msg.attempts) * (deadLetter ? 4 : 1);
    console.error('ingest queue: storage failed, retrying', JSON.stringify({ queue: batch.queue, id: msg.id, attempts: msg.attempts, delaySeconds }), err);
    msg.retry({ delaySeconds });
  };

  for (const group of transactions(valid)) {
    try {
      // The common case: the whole group in one D1 transaction (one write round trip for many messages).
      const results = await storeMany(env.DB, group.map(({ m }) => m));
      for (let i = 0; i < group.length; i++) await done(group[i], results[i]);
    } catch (err) {
      if (group.length === 1) {
        retry(group[0], err);
        continue;
      }
      // One message may be what breaks the transaction: store one by one, retrying only those that fail.
      for (const item of group) {
        try {
          await done(item, await storeEvents(env.DB, item.m.site, item.m.source, item.m.rows, item.m.receivedAt));
        } catch (one) {
          retry(item, one);
        }
      }
    }
  }
  // One line per site and batch: what operators read to see the queue drain (stored + duplicates = events).
  for (const [site, t] of totals) console.log(JSON.stringify({ msg: 'ingest queue stored', queue: batch.queue, site, ...t }));
}

interface Valid {
  msg: Message<unknown>;
  m: IngestMessage;
}

/** Events per D1 transaction in the consumer: big enough to amortise the write, small enough to stay fast. */
const EVENTS_PER_TRANSACTION = 500;

/** Groups valid messages into transactions of at most EVENTS_PER_TRANSACTION events (a message is never split). */
function transactions(valid: Valid[]): Valid[][] {
  const groups: Valid[][] = [];
  let events = Infinity;
  for (const item of valid) {
    if (events + item.m.rows.length > EVENTS_PER_TRANSACTION) {
      groups.push([]);
      events = 0;
    }
    groups[groups.length - 1].push(item);
    events += item.m.rows.length;
  }
  return groups;
}

async function poison(msg: Message<unknown>, env: Env, deadLetter: boolean, issue: unknown) {
  const described = JSON.stringify({ queue: deadLetter ? 'dead-letter' : 'ingest', id: msg.id, attempts: msg.attempts, issue });
  if (!deadLetter) {
    if (!env.INGEST_DLQ) {
      // No producer binding for the DLQ: retries run out and Queues moves it there (max_retries).
      console.error('ingest queue: poison message, retrying until it is dead-lettered', described);
      return msg.retry();
    }
    try {
      await env.INGEST_DLQ.send(msg.body);
      console.error('ingest queue: poison message sent to the dead-letter queue', described);
      return msg.ack();
    } catch (err) {
      console.error('ingest queue: could not dead-letter a poison message, retrying', described, err);
      return msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
    }
  }
  const body = msg.body as { site?: unknown; rows?: unknown } | null;
  const site = typeof body?.site === 'string' && /^[a-z0-9_-]{1,64}$/.test(body.site) ? body.site : '_unknown';
  const events = Array.isArray(body?.rows) ? Math.max(1, body.rows.length) : 1;
  try {
    await countFiltered(env.DB, site, POISON_REASON, events, Date.now());
    // The body goes to the log (truncated), so an operator can see what was refused and replay it.
    console.error('ingest dead-letter: poison message dropped', described, JSON.stringify(msg.body)?.slice(0, 8192));
    msg.ack();
  } catch (err) {
    console.error('ingest dead-letter: could not count a poison message, retrying', described, err);
    msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) * 4 });
  }
}
