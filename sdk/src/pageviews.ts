/**
 * Calls `onPage` for the first view and every later same-document navigation:
 * - `currententrychange` of the Navigation API (pushState, replaceState, back/forward, hash jumps):
 *   Chromium 102+, Safari 26.2+, Firefox 147+ (Baseline since January 2026). Without the API, the
 *   `extras` chunk fires that event at the window after history changes (watchHistory.ts), so the
 *   listener sits on the window there.
 * - Back/forward-cache restores (`pageshow` persisted): a new view of the same URL, so counted.
 * A navigation that does not change the URL (a router's replaceState of state only, a traversal to the
 * same address) is not counted twice.
 * `stop` (tests only) removes the listeners when aborted.
 */
export function watchPageviews(onPage: (previousUrl: string | undefined) => void, stop?: AbortController): void {
  let last: string | undefined;
  const check = (force?: unknown) => {
    const previous = last;
    if (force || previous != (last = location.href)) onPage(previous);
  };
  // The controller has `signal`, so it serves as the listener options.
  addEventListener('pageshow', (e) => check((e as PageTransitionEvent).persisted), stop);
  // Routers often set document.title right after pushState: read the page a tick later.
  ((window as { navigation?: EventTarget }).navigation || window).addEventListener('currententrychange', () => setTimeout(check), stop);
  check();
}
