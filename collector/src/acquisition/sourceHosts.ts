/**
 * Which sources are search engines, social networks, video or shopping sites, for channel
 * classification. An entry without a dot matches a utm_source exactly or any label of a referrer host
 * but its last (`google` matches `www.google.co.uk`, `facebook` matches `l.facebook.com`); entries of
 * fewer than 3 letters match utm_source only. An entry with a dot matches that host and its subdomains.
 * Compact on purpose: the sources that send most traffic; anything else with a referrer is a referral.
 */
export type SourceKind = 'search' | 'social' | 'video' | 'shopping' | 'webmail';

export const SOURCE_HOSTS: Record<SourceKind, readonly string[]> = {
  // Webmail first: mail.google.com is Gmail, not Google search.
  webmail: ['mail.google.com', 'mail.yahoo.com', 'outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'mail.proton.me', 'mail.aol.com'],
  search: ['google', 'bing', 'duckduckgo', 'yahoo', 'yandex', 'baidu', 'ecosia', 'search.brave.com', 'startpage', 'qwant', 'naver', 'seznam', 'sogou', 'so.com'],
  video: ['youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion'],
  social: [
    'facebook', 'fb', 'fb.com', 'instagram', 'ig', 'twitter', 'x', 'x.com', 't.co', 'linkedin', 'lnkd.in', 'pinterest', 'reddit',
    'tiktok', 'snapchat', 'threads', 'bsky.app', 'mastodon', 'tumblr', 'quora', 'whatsapp', 'telegram', 'discord', 'ycombinator', 'vk.com', 'weibo',
  ],
  shopping: ['amazon', 'ebay', 'etsy', 'aliexpress', 'alibaba', 'walmart', 'shopping.google.com', 'idealo', 'zalando'],
};

const ENTRIES = Object.entries(SOURCE_HOSTS) as [SourceKind, readonly string[]][];

/**
 * The kind of a source name (utm_source) or referrer host and the entry it matched (`google` for
 * www.google.co.uk: one source however many country domains), or null for anything else.
 */
export function sourceKind(source: string, isHost: boolean): { kind: SourceKind; name: string } | null {
  const s = source.toLowerCase();
  // Exact hosts first (shopping.google.com is shopping, not search), then names and host labels.
  for (const [kind, names] of ENTRIES) {
    const name = names.find((n) => n.includes('.') && (s === n || (isHost && s.endsWith('.' + n))));
    if (name) return { kind, name };
  }
  const labels = isHost ? s.split('.').slice(0, -1) : [];
  for (const [kind, names] of ENTRIES) {
    const name = names.find((n) => !n.includes('.') && (s === n || (n.length >= 3 && labels.includes(n))));
    if (name) return { kind, name };
  }
  return null;
}
