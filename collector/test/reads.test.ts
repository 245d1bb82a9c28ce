import { beforeAll, describe, expect, it } from 'vitest';
import { customEvent, pageview, postEvents, read, seedSite } from './helpers';

const SITE = 'reads-site';
const OTHER = 'other-reads-site';
let keys: { read: string; write: string };
let otherKeys: { read: string; write: string };

interface VisitorsPage {
  visitors: { visitorId: string; firstSeen: number; lastSeen: number; events: number }[];
  nextCursor: string | null;
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  otherKeys = await seedSite(OTHER);
  const base = Date.now() - 60_000;
  // Five visitors, seen at increasing times; visitor-3 has three events.
  for (let i = 1; i <= 5; i++) {
    const events = [pageview(SITE, `visitor-${i}`, { ts: base + i * 1000 })];
    if (i === 3) {
      events.push(customEvent(SITE, 'visitor-3', { ts: base + 3500, seq: 2 }));
      // Sent out of order: the journey must still come back in time order.
      events.unshift(pageview(SITE, 'visitor-3', { ts: base + 3200, seq: 1, url: 'https://shop.example/second' }));
    }
    const res = await postEvents({ events });
    expect(res.status).toBe(200);
  }
});

describe('read keys', () => {
  it('answers 401 without a key or with an unknown one', async () => {
    for (const key of [undefined, 'not-a-key']) {
      const res = await read(`/v1/sites/${SITE}/visitors`, key);
      expect(res.status).toBe(401);
      expect((await res.json<{ field: string }>()).field).toBe('authorization');
    }
  });

  it("answers 404 when a key of one site asks for another site's data", async () => {
    const res = await read(`/v1/sites/${SITE}/visitors`, otherKeys.read);
    expect(res.status).toBe(404);
    const alsoMissing = await read(`/v1/sites/does-not-exist/visitors`, otherKeys.read);
    expect(alsoMissing.status).toBe(404);
  });

  it('does not accept a write key for reads', async () => {
    expect((await read(`/v1/sites/${SITE}/visitors`, keys.write)).status).toBe(401);
  });

  it('sends no CORS headers on read APIs', async () => {
    const res = await read(`/v1/sites/${SITE}/visitors`, keys.read);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET /v1/sites/:site/visitors', () => {
  it('lists visitors most recently seen first, with first/last seen and event counts', async () => {
    const page = await (await read(`/v1/sites/${SITE}/visitors`, keys.read)).json<VisitorsPage>();
    expect(page.visitors.map((v) => v.visitorId)).toEqual(['visitor-5', 'visitor-4', 'visitor-3', 'visitor-2', 'visitor-1']);
    const v3 = page.visitors.find((v) => v.visitorId === 'visitor-3')!;
    expect(v3.events).toBe(3);
    expect(v3.lastSeen - v3.firstSeen).toBe(500);
    expect(page.nextCursor).toBeNull();
  });

  it('pages with a cursor, each visitor exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    do {
      const res = await read(`/v1/sites/${SITE}/visitors?limit=2&cursor=${cursor}`, keys.read);
      const page: VisitorsPage = await res.json();
      seen.push(...page.visitors.map((v) => v.visitorId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['visitor-5', 'visitor-4', 'visitor-3', 'visitor-2', 'visitor-1']);
  });

  it('answers 400 naming limit or cursor when they are not valid', async () => {
    const badLimit = await read(`/v1/sites/${SITE}/visitors?limit=0`, keys.read);
    expect(badLimit.status).toBe(400);
    expect((await badLimit.json<{ field: string }>()).field).toBe('limit');
    const badCursor = await read(`/v1/sites/${SITE}/visitors?cursor=forged`, keys.read);
    expect(badCursor.status).toBe(400);
    expect((await badCursor.json<{ field: string }>()).field).toBe('cursor');
  });
});

describe('GET /v1/sites/:site/visitors/:visitorId/journey', () => {
  it("returns the visitor's events in time order", async () => {
    const res = await read(`/v1/sites/${SITE}/visitors/visitor-3/journey`, keys.read);
    expect(res.status).toBe(200);
    const body = await res.json<{ visitor: { events: number }; events: { type: string; path: string; name: string | null; ts: number }[] }>();
    expect(body.visitor.events).toBe(3);
    expect(body.events.map((e) => [e.type, e.path, e.name])).toEqual([
      ['pageview', '/pricing', null],
      ['pageview', '/second', null],
      ['event', '/pricing', 'signup_clicked'],
    ]);
    expect(body.events.map((e) => e.ts)).toEqual([...body.events.map((e) => e.ts)].sort((a, b) => a - b));
  });

  it('pages the journey with a cursor without losing or repeating events', async () => {
    const first = await (await read(`/v1/sites/${SITE}/visitors/visitor-3/journey?limit=2`, keys.read)).json<{ events: { id: string }[]; nextCursor: string }>();
    expect(first.events).toHaveLength(2);
    const second = await (await read(`/v1/sites/${SITE}/visitors/visitor-3/journey?limit=2&cursor=${first.nextCursor}`, keys.read)).json<{ events: { id: string }[]; nextCursor: string | null }>();
    expect(second.events).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.events, ...second.events].map((e) => e.id)).size).toBe(3);
  });

  it('answers 404 for a visitor the site has never seen', async () => {
    expect((await read(`/v1/sites/${SITE}/visitors/nobody-here/journey`, keys.read)).status).toBe(404);
  });

  it("does not show one site's visitor under another site", async () => {
    expect((await read(`/v1/sites/${OTHER}/visitors/visitor-3/journey`, otherKeys.read)).status).toBe(404);
  });
});

describe('serving the SDK', () => {
  it('serves /hoptrail.js as JavaScript with caching and CORS headers', async () => {
    const res = await read('/hoptrail.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toContain('/v1/events');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await read('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json<{ error: string }>()).error).toContain('/v1/nothing-here');
  });
});
