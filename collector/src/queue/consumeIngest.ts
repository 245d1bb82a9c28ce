import type * as z from '../schema/zod';
import type { Env } from '../env';
import { countFiltered } from '../store/ingestFiltered';
import { storeEvents, storeMany, type StoreResult } from '../store/events';
import { recordDropped } from '../store/ingestStats';
import { ingestMessageSchema, type IngestMessage } from './ingestMessage';

/** The dead-letter queue is named after the ingest queue plus this (wrangler.toml, `[env.queue]`). */
export const DEAD_LETTER_SUFFIX = '-dlq';
/** The reason dead poison messages are counted under in `ingest_filtered` (per site and day). */
export const POISON_REASON = 'queue_poison';
/** The reason events are counted under when the dead-letter queue's last attempt to store them failed. */
export const LOST_REASON = 'queue_lost';
/**
 * Deliveries the dead-letter consumer gets: 1 + its `max_retries` (5 in wrangler.toml). Queues drops a
 * message after that, so the last one counts the loss instead of failing silently.
 */
export const DEAD_LETTER_DELIVERIES = 6;

/** Backoff while D1 fails: 5 s, 10 s, 20 s … capped at 5 minutes (Queues allows up to 12 h). */
export const retryDelaySeconds = (attempts: number) => Math.min(5 * 2 ** Math.max(0, attempts - 1), 300);

/**
 * The Worker's `queue` handler, for the ingest queue and its dead-letter queue.
 * Ingest queue: the batch's valid messages are stored through the same statements as storeEvents
 * (INSERT OR IGNORE by event id, projections over the rows each message inserted), several messages per
 * D1 transaction, so a redelivered message stores nothing twice. If a transaction fails, its messages are
 * tried one by one; a storage error retries that message with backoff; after `max_retries` Queues moves it to the
 * dead-letter queue. A message that fails validation (poison) is sent to the dead-letter queue at once.
 * Dead-letter queue: valid messages get one more (slower) chance to be stored; what its last delivery
 * still cannot store is counted under `queue_lost`; poison is counted per site under `queue_poison`.
 * Both show in ingest-stats. Logs describe a message by its shape, never its content: bodies carry
 * URLs, traits and free-form props, which may be personal data.
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
  const retry = async ({ msg, m }: Valid, err: unknown) => {
    if (deadLetter && msg.attempts >= DEAD_LETTER_DELIVERIES) return lost(msg, m, env, err);
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
        await retry(group[0], err);
        continue;
      }
      // One message may be what breaks the transaction: store one by one, retrying only those that fail.
      for (const item of group) {
        try {
          await done(item, await storeEvents(env.DB, item.m.site, item.m.source, item.m.rows, item.m.receivedAt, item.m.client));
        } catch (one) {
          await retry(item, one);
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

/** The dead-letter queue's last delivery could not store a valid message: count its events as lost. */
async function lost(msg: Message<unknown>, m: IngestMessage, env: Env, err: unknown) {
  const described = JSON.stringify({ queue: 'dead-letter', id: msg.id, attempts: msg.attempts, site: m.site, events: m.rows.length });
  try {
    await countFiltered(env.DB, m.site, LOST_REASON, m.rows.length, Date.now());
    console.error('ingest dead-letter: last attempt failed, events counted as lost', described, err);
    msg.ack();
  } catch (countErr) {
    // Storage is down for the count too: Queues drops the message after this delivery; the log is all that is left.
    console.error('ingest dead-letter: last attempt failed and the loss could not be counted', described, countErr);
    msg.retry();
  }
}

const MESSAGE_KEYS = new Set(['v', 'site', 'source', 'receivedAt', 'rows', 'dropped', 'client']);

/** What a log may say about a refused message: its shape and the schema issue, no values. */
function shape(body: unknown, issue: { code?: unknown; path?: unknown; message?: unknown } | undefined) {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  return {
    type: Array.isArray(body) ? 'array' : body === null ? 'null' : typeof body,
    // Key names only where the message format defines them: any other key could itself be a value.
    keys: b ? Object.keys(b).filter((k) => MESSAGE_KEYS.has(k)) : undefined,
    otherKeys: b ? Object.keys(b).filter((k) => !MESSAGE_KEYS.has(k)).length : undefined,
    rows: Array.isArray(b?.rows) ? b.rows.length : undefined,
    issue: issue && { code: issue.code, path: issue.path, message: typeof issue.message === 'string' ? issue.message.slice(0, 200) : undefined },
  };
}

async function poison(msg: Message<unknown>, env: Env, deadLetter: boolean, issue: z.core.$ZodIssue | undefined) {
  const described = JSON.stringify({ queue: deadLetter ? 'dead-letter' : 'ingest', id: msg.id, attempts: msg.attempts, ...shape(msg.body, issue) });
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
    console.error('ingest dead-letter: poison message dropped', described);
    msg.ack();
  } catch (err) {
    console.error('ingest dead-letter: could not count a poison message, retrying', described, err);
    msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) * 4 });
  }
}
