import type { Channel } from './channels';
import { sourceKind } from './sourceHosts';

/**
 * Ad click ids (the ones minimalUrl.ts keeps in stored URLs) → the source and medium they stand for when
 * the landing URL has no UTM tags. `medium: null`: the network adds the id to unpaid links too (Meta's
 * fbclid, Pinterest's epik), so it names the source only, not a paid click.
 */
export const CLICK_ID_SOURCES: Record<string, { source: string; medium: string | null }> = {
  gclid: { source: 'google', medium: 'cpc' },
  gbraid: { source: 'google', medium: 'cpc' },
  wbraid: { source: 'google', medium: 'cpc' },
  gclsrc: { source: 'google', medium: 'cpc' },
  dclid: { source: 'google', medium: 'display' },
  msclkid: { source: 'bing', medium: 'cpc' },
  fbclid: { source: 'facebook', medium: null },
  ttclid: { source: 'tiktok', medium: 'cpc' },
  li_fat_id: { source: 'linkedin', medium: 'cpc' },
  twclid: { source: 'twitter', medium: 'cpc' },
  yclid: { source: 'yandex', medium: 'cpc' },
  epik: { source: 'pinterest', medium: null },
  rdt_cid: { source: 'reddit', medium: 'cpc' },
  sccid: { source: 'snapchat', medium: 'cpc' },
};

/** The first page view of a session, as ingest sees it (before URLs are minimised). */
export interface Landing {
  url: string | null;
  referrer?: string;
  utm?: { source?: string; medium?: string; campaign?: string };
}

/** Where a session came from, as stored on `sessions`. */
export interface SessionSource {
  channel: Channel;
  source: string | null;
  medium: string | null;
  campaign: string | null;
  /** The external referrer's host without `www.` (null when none, or when it is the landing's own host). */
  referrerHost: string | null;
}

/** Stored tags are cut to this length: a campaign name, not a payload. */
const TAG_LENGTH = 100;

const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;
const DISPLAY = /^(display|banner|expandable|interstitial|cpm)$/;
const SOCIAL = /^(social|social-network|social-media|sm|social network|social media)$/;
const EMAIL = /^(e[-_ ]?mail|newsletter)$/;
const SHOPPING_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/;
const PUSH = /(push$|mobile|notification)/;

/**
 * Classifies a session from its landing page: UTM tags first (from the URL, else the page view's utm
 * props), then ad click ids, then the referrer's host. Rules in GA4's order (its default channel group),
 * first match wins; see the README ("Where customers come from") for the table. Pure: no I/O.
 */
export function classifySession(landing: Landing): SessionSource {
  const url = parse(landing.url);
  const param = (name: string, lower = true) => tag(url?.searchParams.get(name) ?? undefined, lower);
  const utm = landing.utm ?? {};
  let source = param('utm_source') ?? tag(utm.source);
  let medium = param('utm_medium') ?? tag(utm.medium);
  const campaign = param('utm_campaign', false) ?? tag(utm.campaign, false);

  const landingHost = url ? bare(url.hostname) : null;
  const ref = parse(landing.referrer ?? null);
  const refHost = ref && (ref.protocol === 'http:' || ref.protocol === 'https:') ? bare(ref.hostname) : null;
  // A referrer from the site itself is navigation within it, not a source.
  const referrerHost = refHost && refHost !== landingHost ? refHost : null;

  const click = url ? Object.keys(CLICK_ID_SOURCES).find((id) => url.searchParams.has(id)) : undefined;
  if (click) {
    source ??= CLICK_ID_SOURCES[click].source;
    medium ??= CLICK_ID_SOURCES[click].medium;
  }
  let kind = source ? sourceKind(source, false)?.kind : null;
  if (!source && referrerHost) {
    const known = sourceKind(referrerHost, true);
    // A known site is reported by its name (google, not google.co.uk); any other by its host.
    source = known?.name ?? referrerHost;
    kind = known?.kind;
    medium ??= kind === 'search' ? 'organic' : kind === 'social' ? 'social' : kind === 'webmail' ? 'email' : 'referral';
  }
  const out = (channel: Channel): SessionSource => ({ channel, source, medium, campaign, referrerHost });

  if (!source && !medium && !campaign) return out('direct');
  const m = medium ?? '';
  const paid = PAID.test(m);
  const shopping = kind === 'shopping' || (campaign !== null && SHOPPING_CAMPAIGN.test(campaign.toLowerCase()));
  if (campaign?.toLowerCase().includes('cross-network')) return out('cross_network');
  if (shopping && paid) return out('paid_shopping');
  if (kind === 'search' && paid) return out('paid_search');
  if (kind === 'social' && paid) return out('paid_social');
  if (kind === 'video' && paid) return out('paid_video');
  if (DISPLAY.test(m)) return out('display');
  if (paid) return out('paid_other');
  if (shopping) return out('organic_shopping');
  if (kind === 'social' || SOCIAL.test(m)) return out('organic_social');
  if (kind === 'video' || m.includes('video')) return out('organic_video');
  if (kind === 'search' || m === 'organic') return out('organic_search');
  if (kind === 'webmail' || EMAIL.test(m) || EMAIL.test(source ?? '')) return out('email');
  if (/^affiliates?$/.test(m)) return out('affiliates');
  if (/^(referral|app|link)$/.test(m)) return out('referral');
  if (m === 'audio') return out('audio');
  if (m === 'sms' || source === 'sms') return out('sms');
  if (PUSH.test(m) || source === 'firebase') return out('mobile_push');
  return out('unassigned');
}

function parse(raw: string | null): URL | null {
  if (!raw) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

const bare = (host: string) => host.toLowerCase().replace(/^www\./, '') || null;

/** A tag as stored: trimmed, cut, source and medium lowercased (Google and google are one source). */
function tag(value: string | undefined, lower = true): string | null {
  const v = value?.trim().slice(0, TAG_LENGTH);
  if (!v) return null;
  return lower ? v.toLowerCase() : v;
}
