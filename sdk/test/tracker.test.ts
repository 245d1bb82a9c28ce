import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventSchema } from '../../collector/src/schema/event';
import { createTracker } from '../src/createTracker';
import type { HoptrailEvent } from '../src/types';

// The network is the one thing replaced here: these tests read what the SDK would post.
// The real collector is exercised end to end in e2e/.
let posts: { url: string; body: { events: HoptrailEvent[]; sentAt: number }; init: RequestInit }[];

beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, '', '/page?utm_source=mail');
  posts = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    posts.push({ url, body: JSON.parse(init.body as string), init });
    return new Response('{"accepted":1,"duplicates":0}', { status: 200 });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const sent = () => posts.flatMap((p) => p.body.events);

describe('createTracker', () => {
  it('sends a pageview with the envelope every event carries', async () => {
    const t = createTracker({ site: 'demo', api: 'https://collector.example/' });
    await t.flush();
    expect(posts[0].url).toBe('https://collector.example/v1/events');
    // A string body with no content type: sent as text/plain, so no CORS preflight.
    expect(typeof posts[0].init.body).toBe('string');
    expect(posts[0].init.headers).toBeUndefined();
    const [view] = sent();
    expect(view).toMatchObject({
      type: 'pageview',
      site: 'demo',
      visitorId: t.visitorId(),
      seq: 0,
      url: `${location.origin}/page?utm_source=mail`,
      props: { utm: { source: 'mail' } },
    });
    expect(view.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof posts[0].body.sentAt).toBe('number');
  });

  it('records custom events with their properties and increasing sequence numbers', async () => {
    const t = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
    t.track('signup_clicked', { plan: 'pro' });
    t.track('plan_chosen');
    await t.flush();
    const events = sent();
    expect(events.map((e) => [e.type, 'name' in e && e.name, e.seq])).toEqual([
      ['event', 'signup_clicked', 0],
      ['event', 'plan_chosen', 1],
    ]);
    expect(events[0].props).toEqual({ plan: 'pro' });
    expect(events[0].sessionId).toBe(events[1].sessionId);
  });

  it('purchase() sends a purchase event the collector accepts as sent', async () => {
    const t = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
    t.purchase({ value: 49.9, currency: 'EUR', orderId: 'A-1001' });
    await t.flush();
    const [event] = sent();
    expect(event).toMatchObject({ type: 'purchase', props: { value: 49.9, currency: 'EUR', orderId: 'A-1001' } });
    // The collector's own schema, as its ingest validates: the SDK emits exactly what it accepts.
    expect(eventSchema.safeParse(event).success).toBe(true);
  });

  it('keeps the visitor id across trackers (page loads) through first-party storage', () => {
    const first = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false }).visitorId();
    const second = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false }).visitorId();
    expect(second).toBe(first);
  });

  it('identify() sends the customer id and traits; reset() starts a new visitor and session', async () => {
    const t = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
    const before = t.visitorId();
    t.identify('cust-42', { plan: 'pro' });
    t.track('before_logout');
    t.reset();
    t.track('after_logout');
    await t.flush();
    const [who, a, b] = sent();
    expect(who).toMatchObject({ type: 'identify', visitorId: before, props: { customerId: 'cust-42', traits: { plan: 'pro' } } });
    expect(a.visitorId).toBe(before);
    expect(b.visitorId).toBe(t.visitorId());
    expect(b.visitorId).not.toBe(before);
    expect(b.sessionId).not.toBe(a.sessionId);
    // The new visitor is what the next page load sees.
    expect(createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false }).visitorId()).toBe(b.visitorId);
  });

  it('identify() sends the signature the backend computed, and nothing when there is none', async () => {
    const t = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
    t.identify('cust-42', undefined, { signature: 'ab'.repeat(32) });
    t.identify('cust-43');
    await t.flush();
    const [signed, plain] = sent();
    expect(signed.props).toEqual({ customerId: 'cust-42', signature: 'ab'.repeat(32) });
    expect(plain.props).toEqual({ customerId: 'cust-43' });
  });

  it('starts a new session after 30 minutes without events', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
    t.track('a');
    vi.setSystemTime(Date.now() + 29 * 60_000);
    t.track('b');
    vi.setSystemTime(Date.now() + 31 * 60_000);
    t.track('c');
    await t.flush();
    const [a, b, c] = sent();
    expect(b.sessionId).toBe(a.sessionId);
    expect(c.sessionId).not.toBe(b.sessionId);
    expect(c.seq).toBe(0);
  });

  it('flushes on its own once 20 events are queued', async () => {
    const t = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
    for (let i = 0; i < 20; i++) t.track(`e${i}`);
    await Promise.resolve();
    expect(posts).toHaveLength(1);
    expect(posts[0].body.events).toHaveLength(20);
  });

  it('keeps events for the next flush when the collector is down', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const t = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
    t.track('kept');
    await t.flush();
    const retried: HoptrailEvent[] = [];
    vi.stubGlobal('fetch', async (_: string, init: RequestInit) => {
      retried.push(...JSON.parse(init.body as string).events);
      return new Response('{}');
    });
    await t.flush();
    expect(retried.map((e) => 'name' in e && e.name)).toEqual(['kept']);
  });

  it('never throws into the page, even for unserialisable input or broken storage', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const t = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
    expect(() => t.track('bad', circular as never)).not.toThrow();
    expect(() => (t.track as (n?: unknown) => void)(undefined)).not.toThrow();
    await expect(t.flush()).resolves.toBeUndefined();

    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    expect(() => createTracker({ site: 'demo', api: 'https://c.example' })).not.toThrow();
  });
});
