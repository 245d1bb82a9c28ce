import { Hono } from 'hono';
import type { AppEnv, Env } from '../env';
import { fail, notFound } from '../http/errors';
import { readBodyText } from '../http/readBody';
import { customerVisitorId } from '../ingest/customerVisitorId';
import { ingest } from '../ingest/ingest';
import { sha256Hex } from '../lib/hash';
import { LIMITS } from '../schema/limits';
import { resolveCustomers } from '../server-events/resolveCustomers';
import { siteExists } from '../store/sites';
import { readTicketHistory } from '../store/ticketHistory';
import { authenticateFreshdesk } from '../webhooks/authenticateFreshdesk';
import { authenticateZendesk } from '../webhooks/authenticateZendesk';
import { freshdeskToTicket } from '../webhooks/freshdeskToTicket';
import { ticketLifecycle } from '../webhooks/ticketLifecycle';
import type { TicketSnapshot } from '../webhooks/ticketSnapshot';
import { zendeskToTicket } from '../webhooks/zendeskToTicket';

/**
 * Helpdesk webhooks, mounted under /v1/sites/:site. Not behind an API key (helpdesks cannot all send
 * one): each site has its own credential (routes/webhookSecrets.ts). Zendesk requests are verified by
 * their HMAC signature with the site's signing secret, Freshdesk requests (Freshdesk does not sign) by the
 * site's token in a header. A site without one refuses that helpdesk's webhooks (403).
 */
export const webhooksRoute = new Hono<AppEnv>();

// POST /v1/sites/:site/webhooks/zendesk — a Zendesk trigger webhook (body: README.md, "Helpdesk webhooks").
webhooksRoute.post('/webhooks/zendesk', async (c) => {
  const site = c.req.param('site')!;
  const receivedAt = Date.now();
  const raw = await readBodyText(c.req.raw, LIMITS.bodyBytes);
  if (!(await siteExists(c.env.DB, site))) notFound('site');
  const signedAt = await authenticateZendesk(c.env, site, c.req.raw.headers, raw, receivedAt);
  const ticket = { ...zendeskToTicket(parseJson(raw)), sentAt: signedAt, revision: await revisionOf(raw) };
  return c.json(await storeTicket(c.env, site, ticket, receivedAt));
});

// POST /v1/sites/:site/webhooks/freshdesk — a Freshdesk automation "Trigger webhook" (body: README.md, "Helpdesk webhooks").
webhooksRoute.post('/webhooks/freshdesk', async (c) => {
  const site = c.req.param('site')!;
  const receivedAt = Date.now();
  if (!(await siteExists(c.env.DB, site))) notFound('site');
  await authenticateFreshdesk(c.env.DB, site, c.req.raw);
  const raw = await readBodyText(c.req.raw, LIMITS.bodyBytes);
  const ticket = { ...freshdeskToTicket(parseJson(raw)), revision: await revisionOf(raw) };
  return c.json(await storeTicket(c.env, site, ticket, receivedAt));
});

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return fail(400, 'body is not valid JSON', 'body');
  }
}

/** The delivery's content hash: a retry carries the same rendered body, so it is recognised (ticketLifecycle). */
const revisionOf = async (raw: string) => (await sha256Hex(raw)).slice(0, 32);

/** Finds the customer, reads the ticket's history, stores the lifecycle events it implies. */
async function storeTicket(env: Env, site: string, ticket: TicketSnapshot, receivedAt: number) {
  const db = env.DB;
  const emailHash = ticket.email ? await sha256Hex(ticket.email.toLowerCase()) : undefined;
  const [customerId] = await resolveCustomers(db, site, [{ customerId: ticket.customerId, emailHash }]);
  const visitorId = customerVisitorId(customerId);
  const history = await readTicketHistory(db, site, visitorId, ticket.helpdesk, ticket.ticketId);
  const events = ticketLifecycle(site, visitorId, ticket, history, receivedAt);
  // Nothing new (a retry, a redelivery of the last state, or an older state): acknowledge it as a duplicate.
  if (!events.length) return { accepted: 0, duplicates: 1, customerId, types: [] };
  const result = await ingest(env, { kind: 'webhook', site, receivedAt }, events);
  // A payload value the event schema refuses (say, an over-long subject) is the sender's to fix.
  if (result.refused.length) fail(400, result.refused[0].message, result.refused[0].field);
  // Webhooks are always stored directly (ingest/sourceRules.ts): the next delivery reads this history.
  const { stored, duplicates } = result as { stored: number; duplicates: number };
  return { accepted: stored, duplicates, customerId, types: events.map((e) => e.type) };
}
