/**
 * Whether a hostname is in a list of the site's own hosts: `shop.example` matches itself only,
 * `*.shop.example` any subdomain of it (not `shop.example` itself, as in TLS certificates).
 * Both sides are lowercase hostnames as `URL.hostname` gives them.
 */
export function hostMatches(host: string, patterns: string[]): boolean {
  return patterns.some((p) => (p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p));
}
