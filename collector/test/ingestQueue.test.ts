import { createExecutionContext, createMessageBatch, env, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import app from '../src/index';
import { DEAD_LETTER_DELIVERIES, LOST_REASON, POISON_REASON, retryDelaySeconds } from '../src/queue/consumeIngest';
import type { IngestMessage } from '../src/queue/ingestMessage';
import { toEventRows } from '../src/ingest/toEventRows';
import { countRows, customEvent, pageview, postEvents, read, seedSite } from './helpers';
import { outcome, QUEUED } from './ingestOutcome';

if (!QUEUED) throw new Error('ingestQueue.test.ts runs in the collector-queue project (INGEST_QUEUE bound)');

// Queue-only behaviour; runs in the collector-queue project (vitest.queue.config.ts), where the
// ingest queue, its dead-letter queue and the Worker's consumer for both are real Miniflare queues.
const SITE = 'queue-site';
let readKey: string;

beforeAll(async () => {
  readKey = (await seedSite(SITE)).read;
});

/** The real queue, except that sends fail, as when Queues is unavailable. */
function failingSends(queue: Queue): Queue {
  return new Proxy(queue, {
    get(target, prop) {
      if (prop === 'send' || prop === 'sendBatch') return async () => Promise.reject(new Error('Queue send failed: internal error'));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The real D1, except that db.batch fails as when D1 is overloaded. */
function failingWrites(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'batch') return async () => Promise.reject(new Error('D1_ERROR: database is overloaded'));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function message(events: ReturnType<typeof pageview>[]): IngestMessage {
  const receivedAt = Date.now();
  return { v: 1, site: SITE, source: 'browser', receivedAt, rows: toEventRows(events, undefined, receivedAt) };
}

/** Delivers one message to the Worker's queue handler, as Queues does, and returns the ack/retry verdict. */
async function deliver(queue: string, body: unknown, attempts: number, bindings: Partial<typeof env> = {}) {
  const batch = createMessageBatch(queue, [{ id: `msg-${attempts}-${Math.random()}`, timestamp: new Date(), attempts, body }]);
  const ctx = createExecutionContext();
  await app.queue(batch, { ...env, ...bindings });
  return getQueueResult(batch, ctx);
}

async function filtered(reason: string): Promise<number> {
  const res = await read(`/v1/sites/${SITE}/ingest-stats`, readKey);
  const { filtered } = await res.json<{ filtered: { reason: string; events: number }[] }>();
  return filtered.filter((f) => f.reason === reason).reduce((n, f) => n + f.events, 0);
}
const filteredPoison = () => filtered(POISON_REASON);

/** Runs `action` and returns what it logged with console.error and console.log. */
async function logsOf(action: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const [error, log] = [console.error, console.log];
  console.error = (...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? a.message : JSON.stringify(a))).join(' '));
  console.log = console.error;
  try {
    await action();
  } finally {
    [console.error, console.log] = [error, log];
  }
  return lines.join('\n');
}

describe('ingest through the queue', () => {
  it('acknowledges 202 only once the queue has the batch: a failed send is a 503 with Retry-After and stores nothing', async () => {
    const batch = { events: [pageview(SITE, 'visitor-q-down')] };
    const ctx = createExecutionContext();
    const down = await app.fetch(
      new Request('https://collector.test/v1/events', { method: 'POST', body: JSON.stringify(batch) }),
      { ...env, INGEST_QUEUE: failingSends(env.INGEST_QUEUE!) },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);

    const up = await postEvents(batch); // the SDK's retry
    expect(up.status).toBe(202);
    expect(await outcome(up)).toEqual({ accepted: 1, duplicates: 0, refused: [] });
    expect(await countRows('events', 'visitor_id = ?', 'visitor-q-down')).toBe(1);
  });

  it('splits a batch too big for one queue message, stores all of it, and counts its SDK drops once', async () => {
    // 90 events of ~2.2 KB: ~200 KB, under the 256 KB body cap but over the 128 KB message cap.
    const events = Array.from({ length: 90 }, (_, seq) => customEvent(SITE, 'visitor-q-big', { seq, props: { a: 'a'.repeat(1000), b: 'b'.repeat(1000) } } as never));
    const res = await postEvents({ events, dropped: 7 });
    expect(await outcome(res)).toEqual({ accepted: 90, duplicates: 0, refused: [] });
    expect(await countRows('visitors', "visitor_id = 'visitor-q-big' AND events = 90")).toBe(1);
    const stats = await (await read(`/v1/sites/${SITE}/ingest-stats`, readKey)).json<{ dropped: { dropped: number }[] }>();
    expect(stats.dropped.map((d) => d.dropped)).toEqual([7]);
  });

  it('retries a message with backoff while D1 fails, then stores it exactly once however often it is redelivered', async () => {
    const body = message([pageview(SITE, 'visitor-q-retry'), pageview(SITE, 'visitor-q-retry', { seq: 1 })]);
    const failed = await deliver('test-ingest', body, 1, { DB: failingWrites(env.DB) });
    expect(failed.explicitAcks).toEqual([]);
    expect(failed.retryMessages).toHaveLength(1);
    expect((await deliver('test-ingest', body, 3, { DB: failingWrites(env.DB) })).retryMessages).toHaveLength(1);
    // Backoff the retry asks for (getQueueResult does not report delays): 5 s, doubling, capped at 5 min.
    expect([1, 2, 3, 10].map(retryDelaySeconds)).toEqual([5, 10, 20, 300]);
    expect(await countRows('events', 'visitor_id = ?', 'visitor-q-retry')).toBe(0);

    for (const attempts of [4, 5]) {
      const ok = await deliver('test-ingest', body, attempts);
      expect(ok.explicitAcks).toHaveLength(1);
      expect(ok.retryMessages).toEqual([]);
    }
    expect(await countRows('events', 'visitor_id = ?', 'visitor-q-retry')).toBe(2);
    expect(await countRows('visitors', "visitor_id = 'visitor-q-retry' AND events = 2")).toBe(1);
  });

  it('stores a batch of messages in one transaction, and message by message when that transaction fails', async () => {
    const first = message([pageview(SITE, 'visitor-q-many1'), pageview(SITE, 'visitor-q-many1', { seq: 1 })]);
    const second = message([pageview(SITE, 'visitor-q-many2')]);
    let calls = 0;
    const firstFails = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'batch') return async (statements: D1PreparedStatement[]) => (calls++ ? target.batch(statements) : Promise.reject(new Error('D1_ERROR: too big')));
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const batch = createMessageBatch('test-ingest', [
      { id: 'many-1', timestamp: new Date(), attempts: 1, body: first },
      { id: 'many-2', timestamp: new Date(), attempts: 1, body: second },
    ]);
    const ctx = createExecutionContext();
    await app.queue(batch, { ...env, DB: firstFails });
    const verdict = await getQueueResult(batch, ctx);
    expect(calls).toBe(3); // the failed two-message transaction, then one per message
    expect(verdict.explicitAcks.sort()).toEqual(['many-1', 'many-2']);
    expect(verdict.retryMessages).toEqual([]);
    expect(await countRows('visitors', "visitor_id IN ('visitor-q-many1', 'visitor-q-many2') AND events IN (1, 2)")).toBe(2);
  });

  it('sends a poison message to the dead-letter queue at once, where it is counted per site and dropped', async () => {
    const before = await filteredPoison();
    const poison = { v: 1, site: SITE, source: 'browser', receivedAt: Date.now(), rows: [{ id: 'x' }, { id: 'y' }, { id: 'z' }] };
    const verdict = await deliver('test-ingest', poison, 1);
    expect(verdict.explicitAcks).toHaveLength(1); // not retried: retrying cannot fix it
    expect(verdict.retryMessages).toEqual([]);
    // The real dead-letter consumer counts it (3 events) under queue_poison in the site's ingest stats.
    const deadline = Date.now() + 10_000;
    while ((await filteredPoison()) < before + 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(await filteredPoison()).toBe(before + 3);
  });

  it('dead-letters poison that arrives on the real queue too, and stores nothing from it', async () => {
    const before = await filteredPoison();
    await env.INGEST_QUEUE!.send({ v: 1, site: SITE, rows: 'not rows' }, { contentType: 'json' });
    const deadline = Date.now() + 10_000;
    while ((await filteredPoison()) < before + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(await filteredPoison()).toBe(before + 1);
  });

  it('gives a valid message that ran out of retries one more chance from the dead-letter queue', async () => {
    const body = message([pageview(SITE, 'visitor-q-dlq')]);
    const verdict = await deliver('test-ingest-dlq', body, 1);
    expect(verdict.explicitAcks).toHaveLength(1);
    expect(await countRows('events', 'visitor_id = ?', 'visitor-q-dlq')).toBe(1);
    // Still failing there: retried, not dropped.
    const failing = await deliver('test-ingest-dlq', message([pageview(SITE, 'visitor-q-dlq2')]), 1, { DB: failingWrites(env.DB) });
    expect(failing.retryMessages).toHaveLength(1);
    expect(failing.explicitAcks).toEqual([]);
  });

  it("counts what the dead-letter queue's last delivery cannot store (ingest-stats), and retries before that", async () => {
    const before = await filtered(LOST_REASON);
    const body = message([pageview(SITE, 'visitor-q-lost'), pageview(SITE, 'visitor-q-lost', { seq: 1 })]);
    const early = await deliver('test-ingest-dlq', body, DEAD_LETTER_DELIVERIES - 1, { DB: failingWrites(env.DB) });
    expect(early.retryMessages).toHaveLength(1);
    expect(await filtered(LOST_REASON)).toBe(before);
    const last = await deliver('test-ingest-dlq', body, DEAD_LETTER_DELIVERIES, { DB: failingWrites(env.DB) });
    expect(last.explicitAcks).toHaveLength(1);
    expect(await filtered(LOST_REASON)).toBe(before + 2);
    expect(await countRows('events', 'visitor_id = ?', 'visitor-q-lost')).toBe(0);
  });

  it('never logs the content of a poison message, only its shape', async () => {
    const personal = { v: 1, site: SITE, source: 'browser', receivedAt: Date.now(), rows: [{ id: 'x', url: 'https://shop.example/?email=ana@example.com', props: { email: 'ana@example.com' } }], 'ana@example.com': 1 };
    const logged = await logsOf(async () => {
      await deliver('test-ingest', personal, 1, { INGEST_DLQ: undefined });
      await deliver('test-ingest-dlq', personal, 1);
    });
    expect(logged).toContain('poison');
    expect(logged).not.toContain('ana@example.com');
  });
});
