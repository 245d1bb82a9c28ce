/**
 * Calls `onPage` for the first view and every later SPA navigation: pushState, replaceState,
 * popstate (hash jumps included) and back/forward-cache restores. A navigation that does not change the
 * URL (a router's replaceState of state only, a popstate to the same address) is not counted
 * twice; a bfcache restore is a new view of the same URL, so it is.
 */
export function watchPageviews(onPage: (previousUrl: string | undefined) => void): () => void {
  let last: string | undefined;
  const check = (force?: unknown) => {
    const previous = last;
    if (force || previous != (last = location.href)) onPage(previous);
  };
  // One signal removes every listener on stop (the controller has `signal`, so it serves as the options).
  const stop = new AbortController();
  const on = (type: string, listener: (e: Event) => unknown) => addEventListener(type, listener, stop);
  const originals = (['pushState', 'replaceState'] as const).map((method) => {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      // Routers often set document.title right after pushState: read the page a tick later.
      setTimeout(check);
    };
    return () => (history[method] = original);
  });
  // A hash navigation fires popstate too (HTML spec, all current browsers): no hashchange listener.
  on('popstate', () => check());
  on('pageshow', (e) => check((e as PageTransitionEvent).persisted));
  check();
  // Stops watching (tests, and trackers that are torn down).
  return () => {
    originals.forEach((restore) => restore());
    stop.abort();
  };
}
