import { fail } from '../http/errors';
import { constantTimeEqual, sha256Hex } from '../lib/hash';
import { readWebhookSecret } from '../store/webhookSecrets';

/** The header Freshdesk's "Trigger webhook" action sends the site's token in ("Add custom headers"). */
export const FRESHDESK_TOKEN_HEADER = 'X-Hoptrail-Token';

/**
 * Freshdesk does not sign its webhooks, so each site has its own token (created with `hoptrail webhooks
 * freshdesk`; only its SHA-256 is stored), sent in `X-Hoptrail-Token: TOKEN` or `Authorization: Bearer
 * TOKEN`. Never in the URL: URLs end up in proxy and access logs, so a `?token=` is refused even when the
 * header is right. Site A's token is not site B's: the hash is compared against this site's row only.
 */
export async function authenticateFreshdesk(db: D1Database, site: string, request: Request): Promise<void> {
  if (new URL(request.url).searchParams.has('token')) {
    fail(400, `token: is not accepted in the URL (URLs are logged); send it in the ${FRESHDESK_TOKEN_HEADER} or Authorization: Bearer header, and create a new one with \`hoptrail webhooks freshdesk\` since this one has leaked`, 'token');
  }
  const row = await readWebhookSecret(db, site, 'freshdesk');
  if (!row?.token_hash) {
    fail(403, 'freshdesk webhook: no token is configured for this site; create one with `hoptrail webhooks freshdesk`', 'x-hoptrail-token');
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const token = request.headers.get(FRESHDESK_TOKEN_HEADER)?.trim() || bearer;
  if (!token) fail(401, `x-hoptrail-token: the site's webhook token is required in the ${FRESHDESK_TOKEN_HEADER} (or Authorization: Bearer) header`, 'x-hoptrail-token');
  if (!constantTimeEqual(await sha256Hex(token), row.token_hash)) fail(401, 'x-hoptrail-token: not the webhook token of this site', 'x-hoptrail-token');
}
