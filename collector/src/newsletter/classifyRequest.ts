/**
 * Who fetched a pixel or followed a link: a person, or a machine acting before/for them. Heuristics,
 * so each verdict carries a confidence (0–1) and the reasons, stored with the event; reports count
 * `human` separately from the rest, and a later click or site visit upgrades a recipient's opens to
 * human (see newsletterReport.ts).
 */
export type RequestClass = 'human' | 'apple_mpp' | 'image_proxy' | 'scanner';

export interface Classification {
  class: RequestClass;
  confidence: number;
  reasons: string[];
}

export interface RequestFacts {
  userAgent: string;
  /** `request.cf.asn`: the network the request came from (absent in local development). */
  asn?: number;
  /** Milliseconds since the campaign was sent (or prepared, when no send time is known). */
  msSinceSend: number;
}

// Apple's Mail Privacy Protection fetches every image through Apple's relays soon after delivery,
// whether or not the mail is read. Apple announces those egress ranges under AS714 and AS6185.
const APPLE_ASNS = new Set([714, 6185]);
// Hosting and cloud networks: a person reading mail is rarely here, link scanners nearly always are.
const DATACENTER_ASNS = new Map<number, string>([
  [16509, 'Amazon AWS'],
  [14618, 'Amazon AWS'],
  [8075, 'Microsoft Azure'],
  [396982, 'Google Cloud'],
  [14061, 'DigitalOcean'],
  [16276, 'OVH'],
  [24940, 'Hetzner'],
  [63949, 'Akamai Linode'],
  [20473, 'Vultr'],
  [45102, 'Alibaba Cloud'],
]);
// Gmail and Yahoo fetch images through their own proxies when the reader opens the mail; the proxy
// hides the reader, so these are counted as machine opens unless a click confirms them.
const IMAGE_PROXY = /GoogleImageProxy|ggpht\.com|YahooMailProxy/i;
const SCANNER_UA =
  /bot\b|crawler|spider|scanner|barracuda|mimecast|proofpoint|forcepoint|trendmicro|symantec|safelinks|python-requests|python-urllib|curl\/|wget\/|go-http-client|java\/|okhttp|headlesschrome|phantomjs|libwww|httpclient|axios\//i;
/** A fetch this soon after the send is a pre-delivery scan, not a reader. */
const SCAN_WINDOW_MS = 10_000;

export function classifyRequest({ userAgent, asn, msSinceSend }: RequestFacts): Classification {
  const ua = userAgent.trim();
  if (IMAGE_PROXY.test(ua)) return { class: 'image_proxy', confidence: 0.95, reasons: ['image proxy user agent'] };
  if (asn !== undefined && APPLE_ASNS.has(asn)) {
    return { class: 'apple_mpp', confidence: ua === 'Mozilla/5.0' ? 0.95 : 0.85, reasons: [`Apple relay network AS${asn}`] };
  }
  const scan: string[] = [];
  if (!ua) scan.push('no user agent');
  else if (SCANNER_UA.test(ua)) scan.push('scanner user agent');
  if (asn !== undefined && DATACENTER_ASNS.has(asn)) scan.push(`datacenter network AS${asn} (${DATACENTER_ASNS.get(asn)})`);
  if (msSinceSend >= 0 && msSinceSend < SCAN_WINDOW_MS) scan.push('seconds after the send');
  if (scan.length) return { class: 'scanner', confidence: Math.min(0.99, 0.6 + 0.15 * scan.length), reasons: scan };
  // MPP's relay announces itself only as "Mozilla/5.0": real mail clients add their engine and version.
  if (ua === 'Mozilla/5.0') return { class: 'apple_mpp', confidence: 0.7, reasons: ['bare Mozilla/5.0 user agent (MPP relay)'] };
  return { class: 'human', confidence: /Mozilla\/5\.0 \(/.test(ua) ? 0.8 : 0.6, reasons: [] };
}
