import { isbot } from 'isbot';

export type FilterReason = 'headless_browser' | 'bot_user_agent' | 'datacenter_network';

/**
 * Networks of large cloud and hosting providers (autonomous system numbers). Real visitors browse from
 * ISPs and mobile networks; page events from these are almost always crawlers, uptime checks and
 * scripted browsers. Cloudflare tells us the ASN in `request.cf.asn`.
 */
const DATACENTER_ASNS = new Set([
  16509, 14618, // Amazon AWS
  396982, 19527, // Google Cloud
  8075, // Microsoft Azure
  14061, // DigitalOcean
  16276, // OVH
  24940, // Hetzner
  63949, // Akamai Linode
  20473, // Vultr
  31898, // Oracle Cloud
  45102, // Alibaba Cloud
  132203, // Tencent Cloud
  12876, // Scaleway
  51167, // Contabo
]);

/**
 * Why a browser batch should not be stored, or null for a real visitor. Applies to browser ingest only:
 * server events and webhooks come from servers by design.
 */
export function botCheck(request: Request): FilterReason | null {
  const ua = request.headers.get('user-agent') ?? '';
  if (/headless|phantomjs|puppeteer|playwright|selenium/i.test(ua)) return 'headless_browser';
  if (ua && isbot(ua)) return 'bot_user_agent';
  const asn = (request as Request & { cf?: { asn?: number } }).cf?.asn;
  if (asn !== undefined && DATACENTER_ASNS.has(asn)) return 'datacenter_network';
  return null;
}
