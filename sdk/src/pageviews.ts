/**
 * Calls `onPage` for the first view and every later SPA navigation: pushState, replaceState,
 * popstate, hashchange and back/forward-cache restores. A navigation that does not change the URL
 * (a router's replaceState of state only, popstate + hashchange for the same jump) is not counted
 * twice; a bfcache restore is a new view of the same URL, so it is.
 */
export function watchPageviews(onPage: (previousUrl: string | undefined) => void): () => void {
  let last: string | undefined;
  const check = (force?: boolean) => {
    const href = location.href;
    if (force || href != last) {
      const previous = last;
      last = href;
      onPage(previous);
    }
  };
  const originals = (['pushState', 'replaceState'] as const).map((method) => {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      // Routers often set document.title right after pushState: read the page a tick later.
      setTimeout(check);
    };
    return () => (history[method] = original);
  });
  const onNavigate = () => check();
  const onShow = (e: Event) => (e as PageTransitionEvent).persisted && check(true);
  addEventListener('popstate', onNavigate);
  addEventListener('hashchange', onNavigate);
  addEventListener('pageshow', onShow);
  check();
  // Stops watching (tests, and trackers that are torn down).
  return () => {
    originals.forEach((restore) => restore());
    removeEventListener('popstate', onNavigate);
    removeEventListener('hashchange', onNavigate);
    removeEventListener('pageshow', onShow);
  };
}
