/** Per-site helpdesk webhook credentials (migration 0014): a token hash for Freshdesk, a sealed secret for Zendesk. */
export type Helpdesk = 'zendesk' | 'freshdesk';

export const HELPDESKS: readonly Helpdesk[] = ['zendesk', 'freshdesk'];

export interface WebhookSecretRow {
  helpdesk: Helpdesk;
  token_hash: string | null;
  sealed_secret: string | null;
  hint: string;
  updated_at: number;
}

export async function readWebhookSecret(db: D1Database, site: string, helpdesk: Helpdesk): Promise<WebhookSecretRow | null> {
  return db
    .prepare('SELECT helpdesk, token_hash, sealed_secret, hint, updated_at FROM webhook_secrets WHERE site = ? AND helpdesk = ?')
    .bind(site, helpdesk)
    .first<WebhookSecretRow>();
}

export async function listWebhookSecrets(db: D1Database, site: string): Promise<WebhookSecretRow[]> {
  const { results } = await db
    .prepare('SELECT helpdesk, token_hash, sealed_secret, hint, updated_at FROM webhook_secrets WHERE site = ? ORDER BY helpdesk')
    .bind(site)
    .all<WebhookSecretRow>();
  return results;
}

/** Creates or replaces (rotates) the site's credential for a helpdesk: the previous one stops working at once. */
export async function putWebhookSecret(
  db: D1Database,
  site: string,
  helpdesk: Helpdesk,
  stored: { tokenHash?: string; sealedSecret?: string },
  hint: string,
  now = Date.now(),
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO webhook_secrets (site, helpdesk, token_hash, sealed_secret, hint, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (site, helpdesk) DO UPDATE SET token_hash = excluded.token_hash, sealed_secret = excluded.sealed_secret,
         hint = excluded.hint, updated_at = excluded.updated_at`,
    )
    .bind(site, helpdesk, stored.tokenHash ?? null, stored.sealedSecret ?? null, hint, now)
    .run();
}

/** Removes the credential: that helpdesk's webhooks are refused for the site until a new one is set. */
export async function deleteWebhookSecret(db: D1Database, site: string, helpdesk: Helpdesk): Promise<boolean> {
  const { meta } = await db.prepare('DELETE FROM webhook_secrets WHERE site = ? AND helpdesk = ?').bind(site, helpdesk).run();
  return meta.changes > 0;
}
