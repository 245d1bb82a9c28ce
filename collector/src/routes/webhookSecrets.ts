import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { durably, fail } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { sha256Hex } from '../lib/hash';
import { parseOr400 } from '../schema/parse';
import { deleteWebhookSecret, HELPDESKS, listWebhookSecrets, putWebhookSecret, type Helpdesk } from '../store/webhookSecrets';
import { FRESHDESK_TOKEN_HEADER } from '../webhooks/authenticateFreshdesk';
import { sealSecret } from '../webhooks/sealSecret';

/**
 * The per-site credentials helpdesk webhooks are checked with (write key; `hoptrail webhooks` calls these).
 * Freshdesk: the collector makes a token and keeps its hash. Zendesk: Zendesk makes the signing secret
 * (Admin Center → Webhooks → Signing secret); the collector keeps it sealed (webhooks/sealSecret.ts).
 */
export const webhookSecretsRoute = new Hono<AppEnv>();

export const zendeskSecretSchema = z.strictObject({
  /** The webhook's signing secret as Zendesk shows it. */
  secret: z.string().check(z.trim(), z.minLength(16), z.maxLength(256)),
});

const hintOf = (secret: string) => `…${secret.slice(-4)}`;

// GET /v1/sites/:site/webhooks — which helpdesks have a credential (never the credential itself).
webhookSecretsRoute.get('/webhooks', async (c) => {
  const rows = await listWebhookSecrets(c.env.DB, c.req.param('site')!);
  const webhooks = HELPDESKS.map((helpdesk) => {
    const row = rows.find((r) => r.helpdesk === helpdesk);
    return row ? { helpdesk, configured: true, hint: row.hint, updatedAt: row.updated_at } : { helpdesk, configured: false };
  });
  return c.json({ webhooks });
});

// POST /v1/sites/:site/webhooks/freshdesk/token — a new token (shown once); the previous one stops working.
webhookSecretsRoute.post('/webhooks/freshdesk/token', async (c) => {
  const site = c.req.param('site')!;
  const token = `ht_fd_${randomToken()}`;
  const tokenHash = await sha256Hex(token);
  await durably(() => putWebhookSecret(c.env.DB, site, 'freshdesk', { tokenHash }, hintOf(token)));
  return c.json({ helpdesk: 'freshdesk', token, header: `${FRESHDESK_TOKEN_HEADER}: ${token}`, url: `/v1/sites/${site}/webhooks/freshdesk` }, 201);
});

// PUT /v1/sites/:site/webhooks/zendesk/secret { secret } — stores (or replaces) Zendesk's signing secret.
webhookSecretsRoute.put('/webhooks/zendesk/secret', async (c) => {
  const site = c.req.param('site')!;
  const { secret } = parseOr400(zendeskSecretSchema, await readJsonBody(c.req.raw, 2048));
  const sealedSecret = await sealSecret(c.env.WEBHOOK_SECRETS_KEY, site, 'zendesk', secret);
  await durably(() => putWebhookSecret(c.env.DB, site, 'zendesk', { sealedSecret }, hintOf(secret)));
  return c.json({ helpdesk: 'zendesk', configured: true, hint: hintOf(secret), url: `/v1/sites/${site}/webhooks/zendesk` });
});

// DELETE /v1/sites/:site/webhooks/:helpdesk — that helpdesk's webhooks are refused (403) from now on.
webhookSecretsRoute.delete('/webhooks/:helpdesk', async (c) => {
  const helpdesk = c.req.param('helpdesk') as Helpdesk;
  if (!HELPDESKS.includes(helpdesk)) fail(400, `helpdesk: must be one of ${HELPDESKS.join(', ')}`, 'helpdesk');
  if (!(await durably(() => deleteWebhookSecret(c.env.DB, c.req.param('site')!, helpdesk)))) fail(404, `${helpdesk} webhook credential not found`, 'helpdesk');
  return c.body(null, 204);
});

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
