import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { countRows, customEvent, identify, pageview, postEvents, read, seedSite } from './helpers';
import { ACCEPTED_STATUS, outcome } from './ingestOutcome';

const SITE = 'delivery-site';
let key: string;
const client = (ip: string, ua = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140') => ({ 'cf-connecting-ip': ip, 'user-agent': ua });

beforeAll(async () => {
  key = (await seedSite(SITE)).read;
});

interface Stats {
  dropped: { day: string; dropped: number }[];
  sessions: number;
  sessionsWithGaps: number;
  missingEvents: number;
}

describe('cookieless visitors', () => {
  it('gives cookieless events a daily-hashed visitor id: one per browser, never the IP', async () => {
    const a1 = await postEvents({ events: [pageview(SITE, 'cookieless', { sessionId: 'page-load-1' })] }, undefined, client('203.0.113.9'));
    const a2 = await postEvents({ events: [customEvent(SITE, 'cookieless', { sessionId: 'page-load-2', seq: 0 })] }, undefined, client('203.0.113.9'));
    const b = await postEvents({ events: [pageview(SITE, 'cookieless', { sessionId: 'page-load-3' })] }, undefined, client('198.51.100.4'));
    expect([a1.status, a2.status, b.status]).toEqual([ACCEPTED_STATUS, ACCEPTED_STATUS, ACCEPTED_STATUS]);

    const { results } = await env.DB.prepare('SELECT DISTINCT visitor_id FROM events WHERE site = ? ORDER BY session_id')
      .bind(SITE)
      .all<{ visitor_id: string }>();
    const ids = results.map((r) => r.visitor_id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^anon:[0-9a-f]{32}$/);
    expect(await countRows('events', "site = ? AND visitor_id = 'cookieless'", SITE)).toBe(0);
    const stored = await env.DB.prepare('SELECT * FROM events WHERE site = ?').bind(SITE).all();
    expect(JSON.stringify(stored.results)).not.toMatch(/203\.0\.113\.9|198\.51\.100\.4/);
  });

  it('refuses to identify a cookieless visitor, naming the field', async () => {
    const res = await postEvents({ events: [identify(SITE, 'cookieless', 'cust-1')] });
    expect((await outcome(res)).refused).toEqual([
      { index: 0, field: 'events[0].visitorId', message: 'events[0].visitorId: a cookieless visitor cannot be identified' },
    ]);
    expect(await countRows('customers', 'site = ?', SITE)).toBe(0);
  });
});

describe('delivery health', () => {
  it('counts the drops an SDK reports once, even when the batch is retried', async () => {
    const batch = { events: [customEvent(SITE, 'visitor-drops', { sessionId: 'session-drops', seq: 0 })], dropped: 7 };
    expect((await postEvents(batch)).status).toBe(ACCEPTED_STATUS);
    expect((await postEvents(batch)).status).toBe(ACCEPTED_STATUS); // retry: a duplicate, not new drops
    const res = await read(`/v1/sites/${SITE}/ingest-stats`, key);
    expect(res.status).toBe(200);
    const stats = await res.json<Stats>();
    expect(stats.dropped).toEqual([{ day: new Date().toISOString().slice(0, 10), dropped: 7 }]);
  });

  it('reports sequence gaps: events a session sent that never arrived', async () => {
    const session = { sessionId: 'session-gappy' };
    await postEvents({
      events: [0, 1, 4, 5].map((seq) => customEvent(SITE, 'visitor-gaps', { ...session, seq })),
    });
    await postEvents({ events: [0, 1, 2].map((seq) => customEvent(SITE, 'visitor-whole', { sessionId: 'session-whole', seq })) });
    const from = Date.now() - 60_000;
    const stats = await (await read(`/v1/sites/${SITE}/ingest-stats?from=${from}`, key)).json<Stats>();
    expect(stats.sessionsWithGaps).toBe(1);
    expect(stats.missingEvents).toBe(2);
    expect(stats.sessions).toBeGreaterThanOrEqual(2);
  });

  it('needs a read key, and names a bad range', async () => {
    expect((await read(`/v1/sites/${SITE}/ingest-stats`)).status).toBe(401);
    const bad = await read(`/v1/sites/${SITE}/ingest-stats?from=${Date.now()}&to=${Date.now() - 1000}`, key);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('from');
    const notNumber = await read(`/v1/sites/${SITE}/ingest-stats?from=yesterday`, key);
    expect(notNumber.status).toBe(400);
    expect(((await notNumber.json()) as { field: string }).field).toBe('from');
  });

  it('lets cross-origin pages read Retry-After', async () => {
    const res = await postEvents({ events: [pageview(SITE, 'visitor-cors')] });
    expect(res.headers.get('access-control-expose-headers')).toBe('retry-after');
  });
});
