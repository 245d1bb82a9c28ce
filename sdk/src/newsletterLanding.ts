/**
 * A newsletter click lands with `ht_nl=<signed identity>` in the address (added by the collector's
 * `/c/` redirect). Hand the token to the collector, which checks its signature before it identifies
 * this visitor as the recipient, and take it out of the address bar so it is not bookmarked, shared or
 * recorded with the pageview. Runs before pageviews are watched, so the first view has the clean URL.
 * A beacon of `[site, visitorId, token]`: text/plain (no preflight), delivered even if the reader
 * navigates on at once.
 */
export function newsletterLanding(api: string, site: string, visitorId: string): void {
  let token: string | undefined;
  // Cut only the parameter (and its separator): re-serialising the query could re-encode the others.
  const clean = location.href.replace(/([?&])ht_nl=([^&#]*)(&?)/, (_, sep: string, value: string, more: string) => ((token = value), more && sep));
  if (token) {
    history.replaceState(history.state, '', clean);
    navigator.sendBeacon(api + '/v1/landing', JSON.stringify([site, visitorId, token]));
  }
}
