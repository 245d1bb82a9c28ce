/**
 * The SPA watcher for browsers without the Navigation API (Safari before 26.2, Firefox before 147):
 * after history.pushState/replaceState and on popstate it fires `currententrychange` at the window,
 * where the core's watcher (pageviews.ts) listens when `navigation` is missing; that watcher skips a
 * URL it has already counted. Runs from the `extras` chunk, so the core stays small; one event on
 * install catches up the last navigation made before the chunk arrived.
 * `stop` (tests only) restores history and removes the listener when aborted.
 */
export function watchHistory(stop?: AbortController): void {
  if ((window as { navigation?: unknown }).navigation) return;
  const changed = () => dispatchEvent(new Event('currententrychange'));
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      changed();
    };
    stop?.signal.addEventListener('abort', () => (history[method] = original));
  }
  // A hash navigation fires popstate too (HTML spec, all current browsers): no hashchange listener.
  addEventListener('popstate', changed, stop);
  changed();
}
