import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import app from '../src/index';
import { dailySalt, forgetCachedSalt } from '../src/privacy/dailySalt';
import { countRows, identify, ORIGIN, pageview, seedSite } from './helpers';
import { ACCEPTED_STATUS, drained, outcome, QUEUED } from './ingestOutcome';

// What POST /v1/events reads on every request (site, daily salt, identity settings, URL parameters)
// comes from per-isolate caches once warm: with the queue bound the acknowledgement touches no D1 at all.
const SITE = 'cache-site';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

/** The real D1 with every statement's SQL recorded; with `down` set every call fails as when D1 is unreachable. */
function watchedDb(db: D1Database) {
  const state = { sql: [] as string[], down: false };
  const unreachable = () => Promise.reject(new Error('D1_ERROR: network connection lost'));
  const watched = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare')
        return (sql: string) => {
          state.sql.push(sql);
          if (!state.down) return target.prepare(sql);
          const failing: Record<string, unknown> = { first: unreachable, all: unreachable, run: unreachable, raw: unreachable };
          failing.bind = () => failing;
          return failing;
        };
      if (prop === 'batch' || prop === 'exec') return state.down ? unreachable : (target[prop] as (...a: unknown[]) => unknown).bind(target);
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: watched, state };
}

async function post(body: unknown, db: D1Database = env.DB) {
  const ctx = createExecutionContext();
  const res = await drained(async () =>
    app.fetch(
      new Request(`${ORIGIN}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'cf-connecting-ip': '203.0.113.40', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0' },
        body: JSON.stringify(body),
      }),
      { ...env, DB: db },
      ctx,
    ),
  );
  await waitOnExecutionContext(ctx);
  return res;
}

async function writeApi(method: string, path: string, body: unknown) {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`${ORIGIN}/v1/sites/${SITE}${path}`, { method, headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/** A batch that needs every cached read: a cookieless page view (salt, URL parameters) and an identify (identity settings). */
const everyRead = (visitor: string) => ({ events: [pageview(SITE, 'cookieless'), identify(SITE, visitor, `customer-${visitor}`)] });
/** Reads of per-site settings or the salt (writes and the store's own reads are not the ack path's). */
const settingsReads = (sql: string[]) => sql.filter((s) => /\b(FROM|INTO) (sites|identity_settings|daily_salts)\b/.test(s) || /url_params/.test(s));

describe('the acknowledgement reads no D1 once the isolate is warm', () => {
  it('answers from the caches alone: queued with D1 unreachable, stored directly without reading a setting', async () => {
    expect(await outcome(await post(everyRead('visitor-warm')))).toMatchObject({ accepted: 2, refused: [] });

    const { db, state } = watchedDb(env.DB);
    state.down = QUEUED; // direct mode must write D1 to acknowledge; queue mode must not need it at all
    const res = await post(everyRead('visitor-cold-db'), db);
    expect(res.status).toBe(ACCEPTED_STATUS);
    expect(await outcome(res)).toMatchObject({ accepted: 2, refused: [] });
    if (QUEUED) expect(state.sql).toEqual([]);
    else expect(settingsReads(state.sql)).toEqual([]);
    // Nothing acknowledged is lost: the consumer (real D1) or the direct write stored both events.
    expect(await countRows('events', "site = ? AND visitor_id LIKE 'anon:%'", SITE)).toBe(2);
    expect(await countRows('events', "site = ? AND visitor_id = 'visitor-cold-db'", SITE)).toBe(1);
  });

  it('still refuses an unknown site, and a second time without asking D1', async () => {
    const unknown = { events: [pageview('no-such-site', 'visitor-unknown')] };
    const first = await post(unknown);
    expect(first.status).toBe(404);
    expect((await first.json<{ field: string }>()).field).toBe('events[0].site');

    const { db, state } = watchedDb(env.DB);
    state.down = true;
    expect((await post(unknown, db)).status).toBe(404);
    expect(state.sql).toEqual([]);
  });

  it('applies an identity mode change made in this isolate to the very next batch', async () => {
    const unsigned = () => ({ events: [identify(SITE, 'visitor-mode', 'customer-mode')] });
    expect(await outcome(await post(unsigned()))).toMatchObject({ accepted: 1, refused: [] });

    expect((await writeApi('PUT', '/identity', { mode: 'signed' })).status).toBe(200);
    const refused = await outcome(await post(unsigned()));
    expect(refused).toMatchObject({ accepted: 0, refused: [{ index: 0, field: 'events[0].props.signature' }] });

    expect((await writeApi('PUT', '/identity', { mode: 'open' })).status).toBe(200);
    expect(await outcome(await post(unsigned()))).toMatchObject({ refused: [] });
  });
});

describe('the daily salt across isolates and days', () => {
  // Days in the past, so deleting salts older than "yesterday" never touches today's.
  const DAY = 86_400_000;
  const midnight = Date.UTC(2026, 3, 2);

  it('is one salt per UTC day in every isolate, however many race to create it', async () => {
    forgetCachedSalt();
    const { db, state } = watchedDb(env.DB);
    // A burst of first requests in one isolate: one D1 round trip, one salt.
    const burst = await Promise.all(Array.from({ length: 5 }, () => dailySalt(db, midnight - DAY + 1000)));
    expect(new Set(burst).size).toBe(1);
    expect(state.sql.filter((s) => s.startsWith('INSERT OR IGNORE INTO daily_salts'))).toHaveLength(1);

    // Two isolates (an empty cache each) creating the next day's salt at the same moment agree.
    forgetCachedSalt();
    const a = dailySalt(env.DB, midnight + 5);
    forgetCachedSalt();
    const b = dailySalt(env.DB, midnight + 7);
    const [saltA, saltB] = await Promise.all([a, b]);
    expect(saltA).toBe(saltB);
    expect(saltA).not.toBe(burst[0]);

    // Past the cache boundary (a later isolate, later the same day) it is still that salt.
    forgetCachedSalt();
    expect(await dailySalt(env.DB, midnight + DAY - 1)).toBe(saltA);
  });

  it('moves to a new salt at UTC midnight without waiting for any cache to expire', async () => {
    forgetCachedSalt();
    const before = await dailySalt(env.DB, midnight + 2 * DAY - 1);
    const after = await dailySalt(env.DB, midnight + 2 * DAY);
    expect(after).not.toBe(before);
    forgetCachedSalt();
    expect(await dailySalt(env.DB, midnight + 2 * DAY + 60_000)).toBe(after);
  });
});
