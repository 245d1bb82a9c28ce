import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../src/createTracker';
import type { HoptrailEvent } from '../src/types';

// The core records the first view; the lazy `extras` chunk (loaded from source here, in the browser from
// the collector: e2e/spine.test.ts) watches SPA navigations. `release` holds extras back until a test
// lets it in, like a slow network.
let release: () => void;
vi.mock('../src/lib/loadChunk', () => ({
  loadChunk: (_api: string, name: string) =>
    name == 'extras' ? new Promise((r) => (release = () => r(import('../src/chunks/extras')))) : Promise.reject(new Error(`not here: ${name}`)),
}));

let posts: { events: HoptrailEvent[] }[];
let requested: string[];
const { pushState, replaceState } = history;
beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, '', '/start');
  posts = [];
  requested = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    requested.push(String(url));
    if (!String(url).endsWith('/v1/events')) return new Response('{"surveys":[]}');
    posts.push(JSON.parse(init.body as string));
    return new Response('{}', { status: 200 });
  });
});
afterEach(() => {
  // A tracker cannot be torn down: put the history methods back so the next test's tracker is the only one.
  Object.assign(history, { pushState, replaceState });
  vi.unstubAllGlobals();
});

const tick = () => new Promise((r) => setTimeout(r, 20));
/** Each pageview of this site sent: its path and its referrer's path. */
async function views(t: ReturnType<typeof createTracker>, site: string) {
  await tick();
  await t.flush();
  return posts
    .flatMap((p) => p.events)
    .filter((e) => e.type == 'pageview' && e.site == site)
    .map((e) => [new URL(e.url!).pathname, (e.props as { referrer?: string }).referrer?.replace(location.origin, '')]);
}

describe('SPA pageviews: first view in the core, navigations in extras', () => {
  it('records the first view before extras arrives, then each navigation once', async () => {
    const t = createTracker({ site: 'spa1', api: 'https://c.example' });
    await t.flush();
    expect(posts.flatMap((p) => p.events).map((e) => e.type)).toEqual(['pageview']);
    release();
    // Extras is in once it has wrapped pushState.
    await vi.waitFor(() => expect(history.pushState).not.toBe(pushState));
    history.pushState(null, '', '/a');
    await tick();
    history.pushState(null, '', '/b');
    expect(await views(t, 'spa1')).toEqual([
      ['/start', undefined],
      ['/a', '/start'],
      ['/b', '/a'],
    ]);
  });

  it('counts a navigation made before extras arrived once, with the first URL as referrer', async () => {
    const t = createTracker({ site: 'spa2', api: 'https://c.example' });
    history.pushState(null, '', '/early');
    release();
    expect(await views(t, 'spa2')).toEqual([
      ['/start', undefined],
      ['/early', '/start'],
    ]);
  });

  it('watches nothing with automatic pageviews off; page() still records a view', async () => {
    const t = createTracker({ site: 'spa3', api: 'https://c.example', autoPageviews: false });
    release();
    // Extras is in once its survey gate has asked for the site's active surveys.
    await vi.waitFor(() => expect(requested).toContain('https://c.example/v1/sites/spa3/surveys/active'));
    history.pushState(null, '', '/quiet');
    t.page();
    expect(await views(t, 'spa3')).toEqual([['/quiet', undefined]]);
  });
});
