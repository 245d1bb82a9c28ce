import { Hono } from 'hono';
import type { AppEnv, Env } from '../env';
import { fail, notFound } from '../http/errors';
import { readBodyText } from '../http/readBody';
import { customerVisitorId } from '../ingest/customerVisitorId';
import { ingest } from '../ingest/ingest';
import { constantTimeEqual, sha256Hex } from '../lib/hash';
import { LIMITS } from '../schema/limits';
import { resolveCustomers } from '../server-events/resolveCustomers';
import { siteExists } from '../store/sites';
import { readTicketHistory } from '../store/ticketHistory';
import { freshdeskToTicket } from '../webhooks/freshdeskToTicket';
import { ticketLifecycle } from '../webhooks/ticketLifecycle';
import type { TicketSnapshot } from '../webhooks/ticketSnapshot';
import { verifyZendeskSignature } from '../webhooks/verifyZendeskSignature';
import { zendeskToTicket } from '../webhooks/zendeskToTicket';

/**
 * Helpdesk webhooks, mounted under /v1/sites/:site. Not behind an API key (helpdesks cannot all send
 * one): Zendesk requests are verified by their HMAC signature, Freshdesk requests (which Freshdesk
 * does not sign) by a shared token in a header or the URL. Secrets come from wrangler secrets /
 * `.dev.vars` (see `.dev.vars.example`).
 */
export const webhooksRoute = new Hono<AppEnv>();

/** How far a Zendesk signature timestamp may be from our clock. */
const ZENDESK_MAX_AGE_MS = 3600_000;

// POST /v1/sites/:site/webhooks/zendesk — a Zendesk trigger webhook (body: collector/README.md).
webhooksRoute.post('/webhooks/zendesk', async (c) => {
  const secret = c.env.ZENDESK_WEBHOOK_SECRET;
  if (!secret) notFound('zendesk webhook (no ZENDESK_WEBHOOK_SECRET configured)');
  const raw = await readBodyText(c.req.raw, LIMITS.bodyBytes);
  const signature = c.req.header('x-zendesk-webhook-signature');
  const timestamp = c.req.header('x-zendesk-webhook-signature-timestamp');
  if (!signature || !timestamp) {
    fail(401, 'x-zendesk-webhook-signature: signature and timestamp headers are required', 'x-zendesk-webhook-signature');
  }
  // A signed request is replayable; refuse old ones (Zendesk signs each attempt, retries included).
  const signedAt = Date.parse(timestamp);
  if (Number.isNaN(signedAt) || Math.abs(Date.now() - signedAt) > ZENDESK_MAX_AGE_MS) {
    fail(401, 'x-zendesk-webhook-signature-timestamp: missing, malformed or more than an hour away', 'x-zendesk-webhook-signature-timestamp');
  }
  if (!(await verifyZendeskSignature(secret, timestamp, raw, signature))) {
    fail(401, 'x-zendesk-webhook-signature: does not match the body', 'x-zendesk-webhook-signature');
  }
  return c.json(await storeTicket(c.env, c.req.param('site')!, zendeskToTicket(parseJson(raw))));
});

// POST /v1/sites/:site/webhooks/freshdesk — a Freshdesk automation "Trigger webhook".
webhooksRoute.post('/webhooks/freshdesk', async (c) => {
  const expected = c.env.FRESHDESK_WEBHOOK_TOKEN;
  if (!expected) notFound('freshdesk webhook (no FRESHDESK_WEBHOOK_TOKEN configured)');
  const token = c.req.header('x-hoptrail-token') ?? c.req.query('token') ?? '';
  if (!constantTimeEqual(await sha256Hex(token), await sha256Hex(expected))) {
    fail(401, 'x-hoptrail-token: a valid webhook token is required (header or ?token=)', 'x-hoptrail-token');
  }
  const raw = await readBodyText(c.req.raw, LIMITS.bodyBytes);
  return c.json(await storeTicket(c.env, c.req.param('site')!, freshdeskToTicket(parseJson(raw))));
});

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return fail(400, 'body is not valid JSON', 'body');
  }
}

/** Finds the customer, reads the ticket's history, stores the lifecycle events it implies. */
async function storeTicket(env: Env, site: string, ticket: TicketSnapshot) {
  const receivedAt = Date.now();
  const db = env.DB;
  if (!(await siteExists(db, site))) notFound('site');
  const emailHash = ticket.email ? await sha256Hex(ticket.email.toLowerCase()) : undefined;
  const [customerId] = await resolveCustomers(db, site, [{ customerId: ticket.customerId, emailHash }]);
  const visitorId = customerVisitorId(customerId);
  const history = await readTicketHistory(db, site, visitorId, ticket.helpdesk, ticket.ticketId);
  const events = ticketLifecycle(site, visitorId, ticket, history, receivedAt);
  // Nothing new (a redelivery of the last state): acknowledge it as a duplicate.
  if (!events.length) return { accepted: 0, duplicates: 1, customerId, types: [] };
  const result = await ingest(env, { kind: 'webhook', site, receivedAt }, events);
  // A payload value the event schema refuses (say, an over-long subject) is the sender's to fix.
  if (result.refused.length) fail(400, result.refused[0].message, result.refused[0].field);
  // Webhooks are always stored directly (ingest/sourceRules.ts): the next delivery reads this history.
  const { stored, duplicates } = result as { stored: number; duplicates: number };
  return { accepted: stored, duplicates, customerId, types: events.map((e) => e.type) };
}
