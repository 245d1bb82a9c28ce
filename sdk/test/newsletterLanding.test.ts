import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../src/createTracker';
import type { HoptrailEvent } from '../src/types';

// The network is replaced: these tests read what the SDK would send. The collector's side (signature
// check, identify) is tested in collector/ and end to end in e2e/newsletter.test.ts.
let beacons: { url: string; body: unknown }[];
let posts: HoptrailEvent[];

beforeEach(() => {
  localStorage.clear();
  beacons = [];
  posts = [];
  vi.stubGlobal('navigator', Object.assign(Object.create(navigator), {
    sendBeacon: (url: string, body: string) => (beacons.push({ url, body: JSON.parse(body) }), true),
  }));
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    posts.push(...JSON.parse(init.body as string).events);
    return new Response('{}');
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('landing from a newsletter click', () => {
  const cases: [string, string, string][] = [
    ['only parameter', '/pricing?ht_nl=TOKEN-1_a', '/pricing'],
    ['first of several', '/pricing?ht_nl=TOKEN-1_a&utm_source=news%20letter#plans', '/pricing?utm_source=news%20letter#plans'],
    ['last of several', '/pricing?utm_source=a+b&ht_nl=TOKEN-1_a', '/pricing?utm_source=a+b'],
    ['in the middle, before a hash', '/p?a=1&ht_nl=TOKEN-1_a&b=2#h', '/p?a=1&b=2#h'],
  ];
  for (const [name, landing, clean] of cases) {
    it(`sends the token to the collector and removes it from the address (${name})`, async () => {
      history.replaceState(null, '', landing);
      const t = createTracker({ site: 'demo', api: 'https://collector.example/' });
      expect(location.pathname + location.search + location.hash).toBe(clean);
      expect(beacons).toEqual([{ url: 'https://collector.example/v1/landing', body: ['demo', t.visitorId(), 'TOKEN-1_a'] }]);
      await new Promise((r) => setTimeout(r, 5));
      await t.flush();
      // The first pageview already has the clean address, and there is only one.
      expect(posts.filter((e) => e.type === 'pageview').map((e) => e.url)).toEqual([location.origin + clean]);
    });
  }

  it('does nothing on an ordinary page view', () => {
    history.replaceState(null, '', '/pricing?utm_source=mail&xht_nl=1');
    createTracker({ site: 'demo', api: 'https://collector.example', autoPageviews: false });
    expect(beacons).toEqual([]);
    expect(location.search).toBe('?utm_source=mail&xht_nl=1');
  });

  it('never throws into the page when beacons are unavailable', () => {
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { sendBeacon: () => { throw new Error('blocked'); } }));
    history.replaceState(null, '', '/pricing?ht_nl=TOKEN');
    expect(() => createTracker({ site: 'demo', api: 'https://collector.example', autoPageviews: false })).not.toThrow();
  });
});
