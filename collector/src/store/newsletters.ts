/** Prepared newsletters: campaigns, their links (link id → destination) and recipients. */
export interface Campaign {
  site: string;
  campaign: string;
  unsignedRecipient: boolean;
  sentAt: number;
  expiresAt: number;
}

interface CampaignRow {
  site: string;
  campaign: string;
  unsigned_recipient: number;
  sent_at: number;
  expires_at: number;
}

// Per-isolate caches for the pixel and click hot path. Safe because what they hold never changes once
// written: a campaign's mode, send time and expiry are fixed by its first prepare (INSERT OR IGNORE), and
// a link id keeps its destination forever. Misses are not cached, so a new campaign works at once.
const CACHE_MAX = 1000;
const campaigns = new Map<string, Campaign>();
const linkUrls = new Map<string, string>();
function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, value);
  return value;
}

export async function getCampaign(db: D1Database, site: string, campaign: string): Promise<Campaign | null> {
  const cached = campaigns.get(`${site}\n${campaign}`);
  if (cached) return cached;
  const row = await db
    .prepare('SELECT site, campaign, unsigned_recipient, sent_at, expires_at FROM newsletters WHERE site = ? AND campaign = ?')
    .bind(site, campaign)
    .first<CampaignRow>();
  if (!row) return null;
  const found = { site, campaign, unsignedRecipient: row.unsigned_recipient === 1, sentAt: row.sent_at, expiresAt: row.expires_at };
  return remember(campaigns, `${site}\n${campaign}`, found);
}

export async function getLinks(db: D1Database, site: string, campaign: string): Promise<{ id: number; url: string }[]> {
  const { results } = await db
    .prepare('SELECT link_id AS id, url FROM newsletter_links WHERE site = ? AND campaign = ? ORDER BY link_id')
    .bind(site, campaign)
    .all<{ id: number; url: string }>();
  return results;
}

/** The destination of one prepared link, or null: the only place a click's redirect target comes from. */
export async function getLinkUrl(db: D1Database, site: string, campaign: string, linkId: number): Promise<string | null> {
  const key = `${site}\n${campaign}\n${linkId}`;
  const cached = linkUrls.get(key);
  if (cached) return cached;
  const row = await db
    .prepare('SELECT url FROM newsletter_links WHERE site = ? AND campaign = ? AND link_id = ?')
    .bind(site, campaign, linkId)
    .first<{ url: string }>();
  return row ? remember(linkUrls, key, row.url) : null;
}

/**
 * Stores a (re-)prepared campaign in one transaction: the campaign row (the first prepare fixes its
 * mode, send time and expiry, since tokens already issued carry them), new links, and recipients.
 */
export async function saveCampaign(
  db: D1Database,
  c: Campaign,
  newLinks: { id: number; url: string }[],
  recipients: string[],
  now: number,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT OR IGNORE INTO newsletters (site, campaign, unsigned_recipient, sent_at, expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .bind(c.site, c.campaign, c.unsignedRecipient ? 1 : 0, c.sentAt, c.expiresAt, now),
    db
      .prepare(
        `INSERT OR IGNORE INTO newsletter_links (site, campaign, link_id, url)
         SELECT ?1, ?2, value->>'id', value->>'url' FROM json_each(?3)`,
      )
      .bind(c.site, c.campaign, JSON.stringify(newLinks)),
    db
      .prepare(
        `INSERT OR IGNORE INTO newsletter_recipients (site, campaign, recipient)
         SELECT ?1, ?2, value FROM json_each(?3)`,
      )
      .bind(c.site, c.campaign, JSON.stringify(recipients)),
  ]);
}

/** A site's campaigns, newest sent first (at most 500), with how many recipients tokens were issued for. */
export async function listCampaigns(db: D1Database, site: string) {
  const { results } = await db
    .prepare(
      `SELECT n.campaign, n.sent_at AS sentAt, n.expires_at AS expiresAt, n.unsigned_recipient AS unsignedRecipient,
              (SELECT count(*) FROM newsletter_recipients r WHERE r.site = n.site AND r.campaign = n.campaign) AS recipients
       FROM newsletters n WHERE n.site = ? ORDER BY n.sent_at DESC, n.campaign LIMIT 500`,
    )
    .bind(site)
    .all<{ campaign: string; sentAt: number; expiresAt: number; unsignedRecipient: number; recipients: number }>();
  return results.map((r) => ({ ...r, unsignedRecipient: r.unsignedRecipient === 1 }));
}
