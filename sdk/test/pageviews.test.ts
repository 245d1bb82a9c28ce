import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchPageviews } from '../src/pageviews';
import { watchHistory } from '../src/watchHistory';

// The window lives for the whole file: each test resets the URL and stops its watchers afterwards.
// happy-dom has no Navigation API (`window.navigation`), so here the core's watcher sees history changes
// through the fallback the `extras` chunk installs (watchHistory); real Chromium's Navigation API path is
// covered end to end (e2e/spine.test.ts), and the fallback in Chromium too (e2e/sdk-history-fallback.test.ts).
let views: string[];
let stop: AbortController;
const tick = () => new Promise((r) => setTimeout(r, 5));
/** The core's watcher alone, as before `extras` arrived. */
const watchCore = (onPage: (previous: string | undefined) => void) => watchPageviews(onPage, stop);
/** The core's watcher with the fallback `extras` installs where the Navigation API is missing. */
const watch = (onPage: (previous: string | undefined) => void) => (watchCore(onPage), watchHistory(stop));

beforeEach(() => {
  history.replaceState(null, '', '/start');
  views = [];
  stop = new AbortController();
});
afterEach(() => {
  stop.abort();
  vi.unstubAllGlobals();
});

describe('watchPageviews with the history fallback (no Navigation API)', () => {
  it('counts the first view and each pushState navigation once', async () => {
    watch(() => views.push(location.pathname + location.hash));
    history.pushState(null, '', '/a');
    await tick();
    history.pushState(null, '', '/b');
    await tick();
    expect(views).toEqual(['/start', '/a', '/b']);
  });

  it('does not count a replaceState or pushState that keeps the URL', async () => {
    watch(() => views.push(location.pathname));
    history.replaceState({ some: 'state' }, '');
    history.pushState({ other: 'state' }, '', '/start');
    await tick();
    expect(views).toEqual(['/start']);
  });

  it('counts a replaceState that changes the URL', async () => {
    watch(() => views.push(location.pathname + location.search));
    history.replaceState(null, '', '/start?tab=2');
    await tick();
    expect(views).toEqual(['/start', '/start?tab=2']);
  });

  it('reads a view a task later: a redirect in the same task counts once, with the title set after pushState', async () => {
    watch(() => views.push(`${location.pathname} ${document.title}`));
    history.pushState(null, '', '/old-settings');
    history.replaceState(null, '', '/settings'); // the router's redirect
    document.title = 'Settings';
    await tick();
    expect(views).toEqual(['/start ', '/settings Settings']);
    document.title = '';
  });

  it('counts a hash navigation once even when popstate and hashchange both fire', async () => {
    watch(() => views.push(location.pathname + location.hash));
    history.pushState(null, '', '/start#help');
    await tick();
    dispatchEvent(new PopStateEvent('popstate'));
    dispatchEvent(new HashChangeEvent('hashchange'));
    await tick();
    expect(views).toEqual(['/start', '/start#help']);
  });

  it('counts a back/forward-cache restore as a new view of the same URL', async () => {
    watch(() => views.push(location.pathname));
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    await tick();
    expect(views).toEqual(['/start', '/start']);
  });

  it('passes the previous URL as the referrer of an SPA view', async () => {
    const previous = vi.fn();
    watch(previous);
    history.pushState(null, '', '/next');
    await tick();
    expect(previous.mock.calls.map((c) => c[0])).toEqual([undefined, `${location.origin}/start`]);
  });

  it('catches up the last navigation made before the fallback arrived, then counts each one', async () => {
    watchCore(() => views.push(location.pathname));
    history.pushState(null, '', '/early');
    await tick();
    // Without the Navigation API the core alone does not see history changes.
    expect(views).toEqual(['/start']);
    watchHistory(stop);
    await tick();
    history.pushState(null, '', '/later');
    await tick();
    expect(views).toEqual(['/start', '/early', '/later']);
  });

  it('stops counting when stopped, and gives history back its own methods', async () => {
    const pushState = history.pushState;
    watch(() => views.push(location.pathname));
    expect(history.pushState).not.toBe(pushState);
    await tick();
    stop.abort();
    expect(history.pushState).toBe(pushState);
    history.pushState(null, '', '/after');
    await tick();
    expect(views).toEqual(['/start']);
  });
});

describe('watchPageviews with the Navigation API', () => {
  // happy-dom has none: a bare EventTarget stands in for `navigation`, fired at as the browser would.
  it('counts each changed entry once and leaves history alone', async () => {
    const navigation = new EventTarget();
    vi.stubGlobal('navigation', navigation);
    const pushState = history.pushState;
    watch(() => views.push(location.pathname));
    expect(history.pushState).toBe(pushState);
    history.pushState(null, '', '/a');
    navigation.dispatchEvent(new Event('currententrychange'));
    await tick();
    // A state-only replace changes the entry but not the URL.
    history.replaceState({ some: 'state' }, '');
    navigation.dispatchEvent(new Event('currententrychange'));
    await tick();
    expect(views).toEqual(['/start', '/a']);
  });
});
