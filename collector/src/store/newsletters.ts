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
 * mode, send time and expiry, since tokens already issued carry them), new links, and recipients with
 * their refs (null in unsigned mode). A recipient stored before refs existed gets theirs now.
 */
export async function saveCampaign(
  db: D1Database,
  c: Campaign,
  newLinks: { id: number; url: string }[],
  recipients: { recipient: string; ref: string | null }[],
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
        `INSERT INTO newsletter_recipients (site, campaign, recipient, ref)
         SELECT ?1, ?2, value->>'recipient', value->>'ref' FROM json_each(?3) WHERE true
         ON CONFLICT (site, campaign, recipient) DO UPDATE SET ref = coalesce(excluded.ref, ref)`,
      )
      .bind(c.site, c.campaign, JSON.stringify(recipients)),
  ]);
}

/**
 * The recipient id behind a ref, or null (never issued here, or the recipient was erased). Not cached:
 * an erasure must stop the very next open or click from being recorded.
 */
export async function recipientOfRef(db: D1Database, site: string, campaign: string, ref: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT recipient FROM newsletter_recipients WHERE site = ? AND campaign = ? AND ref = ?')
    .bind(site, campaign, ref)
    .first<{ recipient: string }>();
  return row?.recipient ?? null;
}

/** A recipient of a campaign, with their ref (null if stored before refs), or null when not on file. */
export async function findRecipient(db: D1Database, site: string, campaign: string, recipient: string): Promise<{ ref: string | null } | null> {
  return db
    .prepare('SELECT ref FROM newsletter_recipients WHERE site = ? AND campaign = ? AND recipient = ?')
    .bind(site, campaign, recipient)
    .first<{ ref: string | null }>();
}

/**
 * Gives a recipient stored before refs existed their ref (a click of a mail sent then, about to carry
 * the landing identity), and says whether the recipient is still there to be identified.
 */
export async function ensureRef(db: D1Database, site: string, campaign: string, recipient: string, ref: string): Promise<boolean> {
  const row = await db
    .prepare(
      `UPDATE newsletter_recipients SET ref = coalesce(ref, ?4) WHERE site = ?1 AND campaign = ?2 AND recipient = ?3
       RETURNING ref`,
    )
    .bind(site, campaign, recipient, ref)
    .first<{ ref: string }>();
  return row?.ref === ref;
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
