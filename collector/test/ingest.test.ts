import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/schema/limits';
import { countRows, customEvent, pageview, postEvents, seedSite } from './helpers';
import { ACCEPTED_STATUS, outcome } from './ingestOutcome';
import { fetchWorker } from './worker';

const SITE = 'ingest-site';

beforeAll(async () => {
  await seedSite(SITE);
});

describe('POST /v1/events', () => {
  it('stores a text/plain batch and reports how many events were accepted', async () => {
    const events = [pageview(SITE, 'visitor-a1'), customEvent(SITE, 'visitor-a1')];
    const res = await postEvents({ events, sentAt: Date.now() });
    expect(await outcome(res)).toEqual({ accepted: 2, duplicates: 0, refused: [] });

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
    expect(await outcome(await postEvents(batch))).toEqual({ accepted: 2, duplicates: 0, refused: [] });
    expect(await outcome(await postEvents(batch))).toEqual({ accepted: 0, duplicates: 2, refused: [] });
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
    expect(await outcome(res)).toEqual({ accepted: 1, duplicates: 1, refused: [] });
    expect(await countRows('visitors', "visitor_id = 'visitor-overlap' AND events = 2")).toBe(1);
  });

  it('stores the valid events of a batch and refuses the bad one, naming its index and field', async () => {
    const bad = { ...customEvent(SITE, 'visitor-bad'), visitorId: undefined };
    const good = [pageview(SITE, 'visitor-bad'), customEvent(SITE, 'visitor-bad', { seq: 2 })];
    const res = await postEvents({ events: [good[0], bad, good[1]] });
    const body = await outcome(res);
    expect(body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(body.refused).toEqual([{ index: 1, field: 'events[1].visitorId', message: expect.stringContaining('events[1].visitorId') }]);
    const stored = await env.DB.prepare('SELECT id FROM events WHERE visitor_id = ? ORDER BY seq').bind('visitor-bad').all<{ id: string }>();
    expect(stored.results.map((r) => r.id)).toEqual(good.map((e) => e.id));
  });

  it.each([
    ['an unknown event type', { ...pageview(SITE, 'visitor-type'), type: 'subscription' }, 'events[1].type'],
    ['a custom event without a name', { ...customEvent(SITE, 'visitor-name'), name: '' }, 'events[1].name'],
    ['a malformed viewport', pageview(SITE, 'visitor-vp', { props: { viewport: 'wide' } } as never), 'events[1].props.viewport'],
    ['a __proto__ property', { ...customEvent(SITE, 'visitor-proto'), props: JSON.parse('{"__proto__": 1}') }, 'events[1].props.__proto__'],
    ['an unknown key (never silently dropped)', { ...customEvent(SITE, 'visitor-extra'), extra: 1 }, 'events[1]'],
    ['another site', pageview('other-site', 'visitor-mix'), 'events[1].site'],
    ['an event over the per-event cap', customEvent(SITE, 'visitor-huge', { props: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'z'.repeat(1000)])) } as never), 'events[1]'],
    ['a server-only type', { ...customEvent(SITE, 'visitor-forge'), type: 'ticket_opened', props: {} }, 'events[1].type'],
  ])('refuses %s and stores the rest of the batch', async (_, bad, field) => {
    const good = pageview(SITE, `visitor-ok-${field.replace(/[^a-z0-9]/gi, '-')}`);
    const { refused, accepted } = await outcome(await postEvents({ events: [good, bad] }));
    expect(accepted).toBe(1);
    expect(refused).toEqual([{ index: 1, field, message: expect.stringContaining(field) }]);
    expect(await countRows('events', 'id = ?', (bad as { id: string }).id)).toBe(0);
    expect(await countRows('events', 'id = ?', good.id)).toBe(1);
  });

  it.each([
    ['not JSON', '{"events": [', 'body'],
    ['no events', { events: [] }, 'events'],
    ['events not an array', { events: 'all' }, 'events'],
    ['too many events', { events: Array.from({ length: LIMITS.eventsPerBatch + 1 }, () => pageview(SITE, 'visitor-many')) }, 'events'],
    ['no event naming a site', { events: [{ type: 'pageview' }] }, 'events[0].site'],
  ])('answers 400 for the whole batch for %s', async (_, body, field) => {
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

    const preflight = await fetchWorker('https://collector.test/v1/events', {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
  });
});
