/**
 * Query parameters kept in stored URLs besides `utm_*`: ad click ids, which attribution needs and which
 * identify a click, not a person. Everything else in a query string (reset tokens, e-mail addresses,
 * session ids) and every fragment (`#access_token=`) is dropped before storage; a site may keep more
 * parameters with its allowlist (PUT /v1/sites/:site/settings/url-params).
 */
export const CLICK_ID_PARAMS: readonly string[] = [
  'gclid', 'gbraid', 'wbraid', 'dclid', 'gclsrc', // Google Ads, Display & Video
  'fbclid', // Meta
  'msclkid', // Microsoft Ads
  'ttclid', // TikTok
  'li_fat_id', // LinkedIn
  'twclid', // X
  'yclid', // Yandex
  'epik', // Pinterest
  'rdt_cid', // Reddit
  'sccid', // Snapchat
];

const CLICK_IDS = new Set(CLICK_ID_PARAMS);

export function keepsParam(name: string, allow: ReadonlySet<string>): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || CLICK_IDS.has(lower) || allow.has(name);
}

/** A string that is not a URL still loses anything after `?` or `#`. */
const cut = (raw: string) => raw.replace(/[?#].*$/s, '');

/** The URL without credentials, fragment, or query parameters other than the kept ones. */
export function minimalUrl(raw: string, allow: ReadonlySet<string>): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return cut(raw);
  }
  if (!url.search && !url.hash && !url.username && !url.password) return raw; // nothing to strip: stored as sent
  const kept = new URLSearchParams();
  for (const [name, value] of url.searchParams) if (keepsParam(name, allow)) kept.append(name, value);
  url.search = kept.size ? `?${kept}` : '';
  url.hash = '';
  url.username = '';
  url.password = '';
  return url.href;
}

/** A referrer as origin + path: where the visitor came from, not what they had open there. */
export function minimalReferrer(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.origin !== 'null') return url.origin + url.pathname;
  } catch {
    // not a URL: fall through
  }
  return cut(raw);
}
