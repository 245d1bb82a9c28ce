import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../src/createTracker';
import type { HoptrailEvent } from '../src/types';

// The network is stubbed (fetch, sendBeacon): these tests read what the SDK would send and when.
// Real Chromium against the real collector covers the same paths in e2e/sdk-delivery.test.ts.
type Body = { events: HoptrailEvent[]; sentAt: number; dropped?: number };
let posts: Body[];
let beacons: string[];
let answer: () => Response | Promise<Response>;
const config = { site: 'demo', api: 'https://c.example', autoPageviews: false, vitals: false, signals: false } as const;
const names = (bodies: Body[]) => bodies.flatMap((b) => b.events.map((e) => ('name' in e ? e.name : e.type)));

beforeEach(() => {
  localStorage.clear();
  posts = [];
  beacons = [];
  answer = () => new Response('{}');
  // Trackers of earlier tests still listen on this window: every pagehide reaches them too.
  vi.spyOn(navigator, 'sendBeacon').mockImplementation((_url, body) => beacons.push(body as string) > 0);
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    // Only event posts are under test; the surveys' read of active surveys gets an empty list.
    if (!String(url).endsWith('/v1/events')) return new Response('{"surveys":[]}');
    const res = await answer();
    if (res.ok || res.status < 500) posts.push(JSON.parse(init.body as string));
    return res;
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('delivery', () => {
  it('retries a 503 after the Retry-After the collector asked for, and sends each event once', async () => {
    vi.useFakeTimers();
    answer = () => new Response('{}', { status: 503, headers: { 'retry-after': '7' } });
    const t = createTracker(config);
    t.track('during_outage');
    await t.flush();
    expect(posts).toEqual([]);
    answer = () => new Response('{}');
    await vi.advanceTimersByTimeAsync(6900);
    expect(posts).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(names(posts)).toEqual(['during_outage']);
  });

  it('backs off exponentially on network errors and does not retry a 400', async () => {
    vi.useFakeTimers();
    const attempts: number[] = [];
    answer = () => {
      attempts.push(Date.now());
      throw new TypeError('Failed to fetch');
    };
    const t = createTracker(config);
    t.track('flaky');
    await t.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]);
    // 1 s, 2 s, 4 s, 8 s, … each with ±50 % jitter.
    expect(gaps.length).toBeGreaterThanOrEqual(4);
    gaps.slice(0, 4).forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(500 * 2 ** i);
      expect(gap).toBeLessThanOrEqual(1500 * 2 ** i);
    });

    answer = () => new Response('{"error":"events[0].site: bad"}', { status: 400 });
    await vi.advanceTimersByTimeAsync(300_000);
    const refusedAfter = posts.length;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(posts.length).toBe(refusedAfter);
  });

  it('keeps unsent events in storage, bounded at 500; the next page sends them and reports the drop', async () => {
    answer = () => {
      throw new TypeError('offline');
    };
    const first = createTracker(config);
    for (let i = 0; i < 520; i++) first.track(`e${i}`);
    await first.flush();
    dispatchEvent(new Event('pagehide'));

    answer = () => new Response('{}');
    const next = createTracker(config);
    await next.flush();
    const sent = names(posts);
    expect(sent).toHaveLength(500);
    expect(sent[0]).toBe('e20');
    expect(posts.reduce((n, b) => n + (b.dropped ?? 0), 0)).toBe(20);
  });

  it('splits unload beacons so no body reaches 60 KB', () => {
    const t = createTracker(config);
    for (let i = 0; i < 12; i++) t.track(`big${i}`, { text: 'x'.repeat(1000).repeat(15) });
    dispatchEvent(new Event('pagehide'));
    const ours = beacons.filter((b) => b.includes('"big'));
    expect(ours.length).toBeGreaterThan(2);
    for (const b of ours) expect(b.length).toBeLessThan(60_000);
    expect(ours.flatMap((b) => JSON.parse(b).events)).toHaveLength(12);
  });
});

describe('privacy and consent', () => {
  it('consent required: cookieless and nothing stored until granted; identify waits for consent', async () => {
    const t = createTracker({ ...config, consent: 'required' });
    t.track('anonymous');
    t.identify('cust-1');
    expect(t.visitorId()).toBe('cookieless');
    await t.flush();
    expect(Object.keys(localStorage)).toEqual([]);
    t.consent('granted');
    t.identify('cust-1');
    await t.flush();
    const [anonymous, who] = posts.flatMap((b) => b.events);
    expect(anonymous.visitorId).toBe('cookieless');
    expect(who).toMatchObject({ type: 'identify', visitorId: t.visitorId() });
    expect(localStorage.getItem('hoptrail_vid')).toContain(t.visitorId());
  });

  it('withdrawing consent removes the ids from the device and goes cookieless', () => {
    const t = createTracker(config);
    expect(localStorage.getItem('hoptrail_vid')).toBeTruthy();
    t.consent('denied');
    expect(t.visitorId()).toBe('cookieless');
    expect(Object.keys(localStorage)).toEqual(['hoptrail_consent']);
  });

  it('Global Privacy Control and Do Not Track: cookieless by default, nothing at all with gpc off', async () => {
    vi.stubGlobal('navigator', Object.create(navigator, { globalPrivacyControl: { value: true } }));
    const t = createTracker(config);
    t.track('counted');
    t.identify('cust-2');
    await t.flush();
    expect(posts.flatMap((b) => b.events).map((e) => [e.type, e.visitorId])).toEqual([['event', 'cookieless']]);

    vi.stubGlobal('navigator', Object.create(navigator, { doNotTrack: { value: '1' } }));
    const off = createTracker({ ...config, gpc: 'off' });
    off.track('not_counted');
    await off.flush();
    expect(names(posts)).toEqual(['counted']);
  });

  it('optOut() stops everything, also on the next page load', async () => {
    const t = createTracker(config);
    t.track('queued');
    t.optOut();
    t.track('after');
    await t.flush();
    await createTracker(config).flush();
    createTracker(config).track('next_page');
    expect(posts).toEqual([]);
  });

  it('sends nothing on an excluded host', async () => {
    const t = createTracker({ ...config, excludeHosts: ['staging.example', location.hostname] });
    t.track('x');
    await t.flush();
    expect(posts).toEqual([]);
  });
});

describe('sessions', () => {
  it('starts a new session when a page arrives from a different campaign source', async () => {
    const t = createTracker(config);
    history.replaceState(null, '', '/landing?utm_source=newsletter');
    t.page();
    history.replaceState(null, '', '/pricing');
    t.page();
    history.replaceState(null, '', '/landing?utm_source=ads');
    t.page();
    await t.flush();
    const [newsletter, pricing, ads] = posts.flatMap((b) => b.events);
    expect(pricing.sessionId).toBe(newsletter.sessionId);
    expect(ads.sessionId).not.toBe(newsletter.sessionId);
    expect(ads.seq).toBe(0);
  });
});
