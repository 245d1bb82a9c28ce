import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/schema/limits';
import { countRows, customEvent, pageview, postEvents, seedSite } from './helpers';
import { ACCEPTED_STATUS, outcome } from './ingestOutcome';

const SITE = 'ingest-site';

beforeAll(async () => {
  await seedSite(SITE);
});

describe('POST /v1/events', () => {
  it('stores a text/plain batch and reports how many events were accepted', async () => {
    const events = [pageview(SITE, 'visitor-a1'), customEvent(SITE, 'visitor-a1')];
    const res = await postEvents({ events, sentAt: Date.now() });
    expect(await outcome(res)).toEqual({ accepted: 2, duplicates: 0 });

    const rows = await env.DB.prepare('SELECT id, type, name, path, props, source FROM events WHERE visitor_id = ? ORDER BY seq')
      .bind('visitor-a1')
      .all<{ id: string; type: string; name: string | null; path: string; props: string; source: string }>();
    expect(rows.results.map((r) => [r.id, r.type, r.name, r.path, r.source])).toEqual([
      [events[0].id, 'pageview', null, '/pricing', 'browser'],
      [events[1].id, 'event', 'signup_clicked', '/pricing', 'browser'],
    ]);
    expect(JSON.parse(rows.results[1].props)).toEqual({ plan: 'pro' });
    const visitor = await env.DB.prepare('SELECT events FROM visitors WHERE site = ? AND visitor_id = ?')
      .bind(SITE, 'visitor-a1')
      .first<{ events: number }>();
    expect(visitor?.events).toBe(2);
  });

  it('accepts application/json bodies too', async () => {
    const res = await postEvents({ events: [pageview(SITE, 'visitor-json')] }, 'application/json');
    expect(res.status).toBe(ACCEPTED_STATUS);
    expect(await countRows('events', 'visitor_id = ?', 'visitor-json')).toBe(1);
  });

  it('accepts a retried batch without storing anything twice', async () => {
    const batch = { events: [pageview(SITE, 'visitor-retry'), customEvent(SITE, 'visitor-retry')] };
    expect(await outcome(await postEvents(batch))).toEqual({ accepted: 2, duplicates: 0 });
    expect(await outcome(await postEvents(batch))).toEqual({ accepted: 0, duplicates: 2 });
    expect(await countRows('events', 'visitor_id = ?', 'visitor-retry')).toBe(2);
    const visitor = await env.DB.prepare('SELECT events FROM visitors WHERE visitor_id = ?')
      .bind('visitor-retry')
      .first<{ events: number }>();
    expect(visitor?.events).toBe(2);
  });

  it('stores only the new events of a batch that overlaps an earlier one', async () => {
    const first = pageview(SITE, 'visitor-overlap');
    await postEvents({ events: [first] });
    const res = await postEvents({ events: [first, customEvent(SITE, 'visitor-overlap')] });
    expect(await outcome(res)).toEqual({ accepted: 1, duplicates: 1 });
    expect(await countRows('visitors', "visitor_id = 'visitor-overlap' AND events = 2")).toBe(1);
  });

  it('rejects a batch with one bad event whole, naming the event index and field', async () => {
    const bad = { ...customEvent(SITE, 'visitor-bad'), visitorId: undefined };
    const res = await postEvents({ events: [pageview(SITE, 'visitor-bad'), bad] });
    expect(res.status).toBe(400);
    const body = await res.json<{ error: string; field: string }>();
    expect(body.field).toBe('events[1].visitorId');
    expect(body.error).toContain('events[1].visitorId');
    expect(await countRows('events', 'visitor_id = ?', 'visitor-bad')).toBe(0);
  });

  it.each([
    ['not JSON', '{"events": [', 'body'],
    ['no events', { events: [] }, 'events'],
    ['an unknown event type', { events: [{ ...pageview(SITE, 'visitor-type'), type: 'purchase' }] }, 'events[0].type'],
    ['a custom event without a name', { events: [{ ...customEvent(SITE, 'visitor-name'), name: '' }] }, 'events[0].name'],
    ['a malformed viewport', { events: [pageview(SITE, 'visitor-vp', { props: { viewport: 'wide' } } as never)] }, 'events[0].props.viewport'],
    ['a __proto__ property', { events: [{ ...customEvent(SITE, 'visitor-proto'), props: JSON.parse('{"__proto__": 1}') }] }, 'events[0].props.__proto__'],
    ['too many events', { events: Array.from({ length: LIMITS.eventsPerBatch + 1 }, () => pageview(SITE, 'visitor-many')) }, 'events'],
  ])('answers 400 naming the field for %s', async (_, body, field) => {
    const res = await postEvents(body);
    expect(res.status).toBe(400);
    expect((await res.json<{ field: string }>()).field).toBe(field);
  });

  it('answers 404 for an unknown site and stores nothing', async () => {
    const res = await postEvents({ events: [pageview('no-such-site', 'visitor-404')] });
    expect(res.status).toBe(404);
    expect((await res.json<{ field: string }>()).field).toBe('events[0].site');
    expect(await countRows('events', 'visitor_id = ?', 'visitor-404')).toBe(0);
  });

  it('refuses a batch that mixes sites', async () => {
    const res = await postEvents({ events: [pageview(SITE, 'visitor-mix'), pageview('other-site', 'visitor-mix')] });
    expect(res.status).toBe(400);
    expect((await res.json<{ field: string }>()).field).toBe('events[1].site');
  });

  it('answers 413 for a body over the cap, whatever Content-Length says', async () => {
    const big = 'x'.repeat(LIMITS.bodyBytes + 10);
    expect((await postEvents(big)).status).toBe(413);

    // A chunked body (no Content-Length) is counted while it streams.
    const chunk = new TextEncoder().encode('y'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await postEvents(stream);
    expect(res.status).toBe(413);
    expect((await res.json<{ field: string }>()).field).toBe('body');
  });

  it('answers 413 naming the event that is over the per-event cap', async () => {
    const huge = customEvent(SITE, 'visitor-huge', { props: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'z'.repeat(1000)])) } as never);
    const res = await postEvents({ events: [pageview(SITE, 'visitor-huge'), huge] });
    expect(res.status).toBe(413);
    expect((await res.json<{ field: string }>()).field).toBe('events[1]');
  });

  it('corrects client clock skew with sentAt and never stores a time in the future', async () => {
    const now = Date.now();
    const hourAhead = now + 3600_000;
    // The client clock runs an hour fast: its event happened "2 s before sending" by its own clock.
    const skewed = pageview(SITE, 'visitor-clock', { ts: hourAhead - 2000 });
    // No sentAt and a client clock a year ahead: clamped to the server's time.
    await postEvents({ events: [skewed], sentAt: hourAhead });
    await postEvents({ events: [customEvent(SITE, 'visitor-clock2', { ts: now + 365 * 86400_000 })] });
    const rows = await env.DB.prepare('SELECT visitor_id, ts, client_ts, received_at FROM events WHERE visitor_id IN (?, ?)')
      .bind('visitor-clock', 'visitor-clock2')
      .all<{ visitor_id: string; ts: number; client_ts: number; received_at: number }>();
    const [a, b] = ['visitor-clock', 'visitor-clock2'].map((v) => rows.results.find((r) => r.visitor_id === v)!);
    expect(a.client_ts).toBe(hourAhead - 2000);
    expect(Math.abs(a.ts - (a.received_at - 2000))).toBeLessThan(50);
    expect(b.ts).toBe(b.received_at);
  });

  it('lets any origin post without a preflight, and answers a JSON preflight', async () => {
    const ok = await postEvents({ events: [pageview(SITE, 'visitor-cors')] }, 'text/plain', { origin: 'https://elsewhere.example' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const bad = await postEvents('{', 'text/plain', { origin: 'https://elsewhere.example' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');

    const { SELF } = await import('cloudflare:test');
    const preflight = await SELF.fetch('https://collector.test/v1/events', {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
  });
});
