import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchPageviews } from '../src/pageviews';

// The window lives for the whole file: each test resets the URL and stops its watcher afterwards.
// The first view is the core's (spaPageviews.test.ts); the watcher starts from its URL.
let views: string[];
let stop: (() => void) | undefined;
const tick = () => new Promise((r) => setTimeout(r, 5));
const watch = (onPage: (previous: string) => void, from = location.href) => (stop = watchPageviews(onPage, from));

beforeEach(() => {
  history.replaceState(null, '', '/start');
  views = [];
});
afterEach(() => stop?.());

describe('watchPageviews', () => {
  it('counts each pushState navigation once, and not the first view again', async () => {
    watch(() => views.push(location.pathname + location.hash));
    history.pushState(null, '', '/a');
    await tick();
    history.pushState(null, '', '/b');
    await tick();
    expect(views).toEqual(['/a', '/b']);
  });

  it('counts a navigation made before it was installed once, with the first view as referrer', async () => {
    const first = location.href;
    history.pushState(null, '', '/early');
    const previous = vi.fn();
    watch(previous, first);
    await tick();
    expect(previous.mock.calls).toEqual([[first]]);
  });

  it('does not count a replaceState or pushState that keeps the URL', async () => {
    watch(() => views.push(location.pathname));
    history.replaceState({ some: 'state' }, '');
    history.pushState({ other: 'state' }, '', '/start');
    await tick();
    expect(views).toEqual([]);
  });

  it('counts a replaceState that changes the URL', async () => {
    watch(() => views.push(location.pathname + location.search));
    history.replaceState(null, '', '/start?tab=2');
    await tick();
    expect(views).toEqual(['/start?tab=2']);
  });

  it('counts a hash navigation once even when popstate and hashchange both fire', async () => {
    watch(() => views.push(location.pathname + location.hash));
    history.pushState(null, '', '/start#help');
    await tick();
    dispatchEvent(new PopStateEvent('popstate'));
    dispatchEvent(new HashChangeEvent('hashchange'));
    expect(views).toEqual(['/start#help']);
  });

  it('counts a back/forward-cache restore as a new view of the same URL', () => {
    watch(() => views.push(location.pathname));
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    expect(views).toEqual(['/start']);
  });

  it('passes the previous URL as the referrer of an SPA view', async () => {
    const previous = vi.fn();
    watch(previous);
    history.pushState(null, '', '/next');
    await tick();
    expect(previous.mock.calls).toEqual([[`${location.origin}/start`]]);
  });
});
