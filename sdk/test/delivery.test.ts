import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../src/createTracker';
import { LIMITS } from '../../collector/src/schema/limits';
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
    // The refused batch is counted as dropped, reported with the next one (which also keeps this
    // tracker's count from reaching later tests: every tracker stays on the window).
    answer = () => new Response('{}');
    t.track('reports_the_drop');
    await t.flush();
    expect(posts.at(-1)!.dropped).toBe(1);
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
    // `first` still holds its copy (it never had an answer): let it have one, so later tests' page
    // hides do not hand these events on again.
    await first.flush();
  });

  it('a beacon is not an acknowledgement: what left by beacon is sent again by the next page, once', async () => {
    const first = createTracker(config);
    first.track('before_leaving');
    dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    dispatchEvent(new Event('visibilitychange'));
    dispatchEvent(new Event('pagehide'));
    delete (document as { hidden?: boolean }).hidden;
    // One beacon for the event, though the page was hidden and then left (both fire on unload).
    expect(beacons.filter((b) => b.includes('before_leaving'))).toHaveLength(1);
    expect(posts).toEqual([]);

    // The next page of the site cannot know whether the beacon arrived: it sends the event again and
    // forgets it only on the collector's answer (the collector's dedup by id stores it once).
    const next = createTracker(config);
    await next.flush();
    expect(names(posts)).toEqual(['before_leaving']);
    await createTracker(config).flush();
    expect(names(posts)).toEqual(['before_leaving']);
  });

  it('forgets a batch on a 2xx; the events it refused are counted as dropped and explained with debug', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refused = [{ index: 1, field: 'events[1].props.customerId', message: 'Too big' }];
    answer = () => Response.json({ accepted: 2, duplicates: 0, refused });
    const t = createTracker({ ...config, debug: true });
    t.track('kept_a');
    t.identify('x'.repeat(200));
    t.track('kept_b');
    await t.flush();
    expect(posts).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith('[hoptrail]', 'refused', 200, refused, expect.any(Array));

    // Not retried; the next batch reports the one dropped.
    answer = () => Response.json({ accepted: 1, duplicates: 0, refused: [] });
    t.track('later');
    await t.flush();
    expect(names(posts)).toEqual(['kept_a', 'identify', 'kept_b', 'later']);
    expect(posts[1].dropped).toBe(1);
  });

  it('drops a batch refused whole by a 4xx (counted), keeps it on 408 and 429', async () => {
    vi.useFakeTimers();
    const t = createTracker(config);
    answer = () => new Response('{}', { status: 429 });
    t.track('rate_limited');
    await t.flush();
    answer = () => new Response('{}', { status: 408 });
    await vi.advanceTimersByTimeAsync(1600);
    answer = () => new Response('{"error":"unknown site"}', { status: 404 });
    await vi.advanceTimersByTimeAsync(3200);
    // Three attempts, all carrying the event; the 404 ended it.
    expect(names(posts)).toEqual(['rate_limited', 'rate_limited', 'rate_limited']);
    answer = () => new Response('{"accepted":1,"duplicates":0,"refused":[]}');
    t.track('next');
    await t.flush();
    expect(names(posts).slice(3)).toEqual(['next']);
    expect(posts[3].dropped).toBe(1);
  });

  it('splits unload beacons so no body reaches 60 KB', () => {
    const t = createTracker(config);
    // 15 KB each, in props within the limits (a longer string would be cut).
    const big = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`text${i}`, 'x'.repeat(1000)]));
    for (let i = 0; i < 12; i++) t.track(`big${i}`, big);
    dispatchEvent(new Event('pagehide'));
    const ours = beacons.filter((b) => b.includes('"big'));
    expect(ours.length).toBeGreaterThan(2);
    for (const b of ours) expect(b.length).toBeLessThan(60_000);
    expect(ours.flatMap((b) => JSON.parse(b).events)).toHaveLength(12);
  });
});

describe('limits before queueing', () => {
  it('a 1,100-character string prop costs no event: cut to the shared text limit, explained with debug', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = createTracker({ ...config, debug: true });
    t.page();
    t.track('long_note', { note: 'n'.repeat(1100), plan: 'pro' });
    t.track('after');
    await t.flush();
    const [view, note, after] = posts.flatMap((b) => b.events);
    expect([view.type, note.type, after.type]).toEqual(['pageview', 'event', 'event']);
    expect(note.props).toEqual({ note: 'n'.repeat(LIMITS.textLength), plan: 'pro' });
    expect(warn).toHaveBeenCalledWith('[hoptrail]', 'cut', 'note');
  });

  it('leaves out only the prop that cannot be stored: reserved or long keys, past the 50th, nested too deep', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = createTracker({ ...config, debug: true });
    const many = Object.fromEntries(Array.from({ length: LIMITS.propKeys + 5 }, (_, i) => [`k${i}`, i]));
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    t.track('messy', {
      ok: 1,
      ['k'.repeat(LIMITS.propKeyLength + 1)]: 'long key',
      ...JSON.parse('{"__proto__": {"polluted": true}}'),
      deep: { a: { b: { c: 'too deep' }, kept: 'yes' } },
      list: Array.from({ length: 60 }, (_, i) => i),
      circular,
    });
    t.track('wide', many);
    t.identify('cust-9', { plan: 'x'.repeat(2000), constructor: 'no' });
    await t.flush();
    const [messy, wide, who] = posts.flatMap((b) => b.events);
    expect(messy.props).toEqual({
      ok: 1,
      deep: { a: { kept: 'yes' } },
      list: Array.from({ length: LIMITS.propKeys }, (_, i) => i),
      circular: { name: 'loop' },
    });
    expect(Object.keys(wide.props!)).toHaveLength(LIMITS.propKeys);
    expect(who.props).toEqual({ customerId: 'cust-9', traits: { plan: 'x'.repeat(LIMITS.textLength) } });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    const explained = warn.mock.calls.map((c) => c.slice(1).join(' '));
    expect(explained).toEqual(expect.arrayContaining(['left out __proto__', 'left out b', `left out k${LIMITS.propKeys}`, 'left out self', 'cut plan', 'left out constructor']));
  });

  it('drops an event still over the event limit after fitting, counts it, and keeps the others', async () => {
    const t = createTracker(config);
    t.track('huge', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, 'y'.repeat(LIMITS.textLength)])));
    t.track('small');
    await t.flush();
    expect(names(posts)).toEqual(['small']);
    expect(posts[0].dropped).toBe(1);
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
