import Bowser from 'bowser';

/**
 * What a session records about the browser and place of the request that brought its first page view:
 * browser and OS names, device type, and the country Cloudflare's edge resolved. The user agent and the
 * IP address themselves are never stored. Null where unknown (no user agent; no `cf`: wrangler dev sets a
 * placeholder country, tests set their own).
 */
export interface ClientFacts {
  browser: string | null;
  os: string | null;
  /** bowser's platform type: desktop, mobile, tablet or tv. */
  deviceType: string | null;
  /** ISO 3166-1 alpha-2, from `request.cf.country` (Cloudflare sets it; a client cannot). */
  country: string | null;
}

const NAME_LENGTH = 40;

/** The facts of a request, parsed with bowser (MIT). */
export function clientFacts(request: Request): ClientFacts {
  const ua = request.headers.get('user-agent')?.trim() ?? '';
  const country = (request.cf as { country?: unknown } | undefined)?.country;
  const parsed = ua ? Bowser.parse(ua) : undefined;
  const name = (v: string | undefined) => v?.slice(0, NAME_LENGTH) || null;
  return {
    browser: name(parsed?.browser.name),
    os: name(parsed?.os.name),
    deviceType: name(parsed?.platform.type),
    // "XX" is Cloudflare's unknown, "T1" Tor: not countries.
    country: typeof country === 'string' && /^[A-Z]{2}$/.test(country) && country !== 'XX' ? country : null,
  };
}
