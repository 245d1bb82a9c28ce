import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import app from '../src/index';
import { countRows, pageview, postEvents, seedSite } from './helpers';
import { drained, outcome, totals, ACCEPTED_STATUS } from './ingestOutcome';

const SITE = 'faults-site';

beforeAll(async () => {
  await seedSite(SITE);
});

/**
 * The real D1, except that writes (db.batch) fail as when D1 is overloaded or unreachable. With the
 * ingest queue bound, the request's durable write is the queue's send: failingSends breaks that.
 */
function failingWrites(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'batch') return async () => Promise.reject(new Error('D1_ERROR: database is overloaded'));
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A queue producer whose sends fail, as when Queues is unavailable. */
function failingSends(): Queue {
  const down = async () => Promise.reject(new Error('Queue send failed: service unavailable'));
  return { send: down, sendBatch: down } as unknown as Queue;
}

async function post(body: unknown, bindings: Partial<typeof env>) {
  const ctx = createExecutionContext();
  const res = await drained(async () =>
    app.fetch(
      new Request('https://collector.test/v1/events', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) }),
      { ...env, ...bindings },
      ctx,
    ),
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe('when storage fails', () => {
  it('answers 503 with Retry-After, never 2xx, and the retried batch is then stored exactly once', async () => {
    const batch = { events: [pageview(SITE, 'visitor-fault'), pageview(SITE, 'visitor-fault', { seq: 1 })] };
    const down = await post(batch, { DB: failingWrites(env.DB), ...('INGEST_QUEUE' in env && { INGEST_QUEUE: failingSends() }) });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await countRows('events', 'visitor_id = ?', 'visitor-fault')).toBe(0);

    const up = await post(batch, {});
    expect(await outcome(up)).toEqual({ accepted: 2, duplicates: 0, refused: [] });
    expect(await countRows('events', 'visitor_id = ?', 'visitor-fault')).toBe(2);
  });

  it('stores one row per event when the same batch arrives 100 times at once', async () => {
    const batch = { events: Array.from({ length: 20 }, (_, i) => pageview(SITE, 'visitor-storm', { seq: i })) };
    const { statuses, accepted, duplicates } = await totals(SITE, () => Promise.all(Array.from({ length: 100 }, () => postEvents(batch))));
    expect(statuses.every((s) => s === ACCEPTED_STATUS)).toBe(true);
    expect([accepted, duplicates]).toEqual([20, 1980]);
    expect(await countRows('events', 'visitor_id = ?', 'visitor-storm')).toBe(20);
    expect(await countRows('visitors', "visitor_id = 'visitor-storm' AND events = 20")).toBe(1);
  });
});
