import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchPageviews } from '../src/pageviews';

// The window lives for the whole file: each test resets the URL and stops its watcher afterwards.
let views: string[];
let stop: (() => void) | undefined;
const tick = () => new Promise((r) => setTimeout(r, 5));
const watch = (onPage: (previous: string | undefined) => void) => (stop = watchPageviews(onPage));

beforeEach(() => {
  history.replaceState(null, '', '/start');
  views = [];
});
afterEach(() => stop?.());

describe('watchPageviews', () => {
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

  it('counts a hash navigation once even when popstate and hashchange both fire', async () => {
    watch(() => views.push(location.pathname + location.hash));
    history.pushState(null, '', '/start#help');
    await tick();
    dispatchEvent(new PopStateEvent('popstate'));
    dispatchEvent(new HashChangeEvent('hashchange'));
    expect(views).toEqual(['/start', '/start#help']);
  });

  it('counts a back/forward-cache restore as a new view of the same URL', () => {
    watch(() => views.push(location.pathname));
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    expect(views).toEqual(['/start', '/start']);
  });

  it('passes the previous URL as the referrer of an SPA view', async () => {
    const previous = vi.fn();
    watch(previous);
    history.pushState(null, '', '/next');
    await tick();
    expect(previous.mock.calls.map((c) => c[0])).toEqual([undefined, `${location.origin}/start`]);
  });
});
