import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../src/ingest/ingestEvents';
import { customEvent, identify, npsAnswer, ORIGIN, pageview, postEvents, read, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'erasure-site';
let keys: { read: string; write: string };

const erase = (path: string, key: string) => fetchWorker(`${ORIGIN}/v1/sites/${SITE}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });

/** Every row of every table, as text: what a database scan for personal data would read. */
async function everything(): Promise<string> {
  const { results: tables } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'").all<{ name: string }>();
  const dumps = await Promise.all(tables.map(async ({ name }) => JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results)));
  return dumps.join('\n');
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  const t = Date.now() - 60_000;
  await postEvents({
    events: [
      pageview(SITE, 'laptop-of-erin', { ts: t }),
      identify(SITE, 'laptop-of-erin', 'erin', { plan: 'pro' }, { ts: t + 1 }),
      { id: 'survey-answer-erin-1', site: SITE, type: 'survey_answered', visitorId: 'laptop-of-erin', sessionId: 'session-0001', seq: 9, ts: t + 2, props: npsAnswer(2) },
      { id: 'vital-erin-1', site: SITE, type: 'vital', name: 'LCP', visitorId: 'laptop-of-erin', sessionId: 'session-0001', seq: 10, ts: t + 2, props: { value: 4321, rating: 'poor' } },
    ],
  });
  await postEvents({ events: [pageview(SITE, 'phone-of-erin', { ts: t + 3 }), identify(SITE, 'phone-of-erin', 'erin', undefined, { ts: t + 4 })] });
  await ingestEvents(env.DB, { site: SITE, source: 'server', events: [customEvent(SITE, 'customer:erin', { ts: t + 5, name: 'ticket_like' })], receivedAt: Date.now() });
  await postEvents({ events: [pageview(SITE, 'someone-else-1', { ts: t + 6 })] });
});

describe('GDPR erasure', () => {
  it('needs a write key', async () => {
    expect((await erase('/customers/erin', keys.read)).status).toBe(401);
  });

  it('erases a customer, every device and server-side event, and answers with counts per table', async () => {
    expect((await read(`/v1/sites/${SITE}/customers/erin/journey`, keys.read)).status).toBe(200);
    const res = await erase('/customers/erin', keys.write);
    expect(res.status).toBe(200);
    const { erased } = await res.json<{ erased: Record<string, number> }>();
    expect(erased).toMatchObject({ events: 7, vital_samples: 1, visitors: 3, identities: 3, customers: 1 });
    expect(erased.score_state).toBeGreaterThan(0);

    expect((await read(`/v1/sites/${SITE}/customers/erin/journey`, keys.read)).status).toBe(404);
    const dump = await everything();
    for (const trace of ['laptop-of-erin', 'phone-of-erin', 'customer:erin', '"erin"', 'vital-erin-1']) expect(dump).not.toContain(trace);
    // Someone else is untouched.
    expect((await read(`/v1/sites/${SITE}/visitors/someone-else-1/journey`, keys.read)).status).toBe(200);
  });

  it('erases one visitor', async () => {
    const res = await erase('/visitors/someone-else-1', keys.write);
    expect((await res.json<{ erased: Record<string, number> }>()).erased).toMatchObject({ events: 1, visitors: 1 });
    expect((await read(`/v1/sites/${SITE}/visitors/someone-else-1/journey`, keys.read)).status).toBe(404);
    expect((await erase('/visitors/someone-else-1', keys.write)).status).toBe(404);
  });
});

describe('no raw IP address anywhere', () => {
  it('stores no trace of the client IP after browser ingest, rate limiting and cookieless ids', async () => {
    const ip = '203.0.113.77';
    const headers = { 'cf-connecting-ip': ip, 'x-forwarded-for': `${ip}, 10.0.0.1`, 'user-agent': 'Mozilla/5.0 (Macintosh) Chrome/131.0 Safari/537.36' };
    const named = await postEvents({ events: [pageview(SITE, 'visitor-with-ip')] }, 'text/plain', headers);
    expect(named.status).toBe(200);
    const cookieless = await postEvents({ events: [pageview(SITE, 'cookieless')] }, 'text/plain', headers);
    expect(cookieless.status).toBe(200);
    const dump = await everything();
    expect(dump).toContain('visitor-with-ip');
    expect(dump).not.toContain(ip);
    expect(dump).not.toContain('203.0.113');
  });
});
