import { Hono } from 'hono';
import { deliverNow } from '../alerts/deliverNow';
import { credentialsContext, newSigningSecret, secretContext } from '../alerts/signingSecret';
import { subscriptionInputSchema, type Destination, type Subscription } from '../alerts/subscriptionSchema';
import type { AppEnv } from '../env';
import { durably, fail, notFound } from '../http/errors';
import { parseCursor, parseLimit } from '../http/pagination';
import { readJsonBody } from '../http/readBody';
import { encodeCursor } from '../lib/cursor';
import { parseOr400 } from '../schema/parse';
import { isBuiltin } from '../segments/builtinSegments';
import { listDeliveries, resetDelivery, type DeliveryRow } from '../store/alertDeliveries';
import { deleteSubscription, getSubscription, insertSubscription, listSubscriptions } from '../store/alertSubscriptions';
import { getSegment } from '../store/segments';
import { sealSecret } from '../webhooks/sealSecret';

/**
 * Alert subscriptions (write key): a trigger and a destination per site. The signing secret is made
 * here and shown once, in the creation answer; destinations are shown with their URL path masked
 * (a Slack webhook URL is itself a credential).
 */
export const subscriptionWritesRoute = new Hono<AppEnv>();
/** The delivery log (read key). */
export const subscriptionReadsRoute = new Hono<AppEnv>();

// POST /v1/sites/:site/subscriptions { name?, trigger, destination } — 201 { subscription, secret }.
subscriptionWritesRoute.post('/subscriptions', async (c) => {
  const site = c.req.param('site')!;
  const input = parseOr400(subscriptionInputSchema, await readJsonBody(c.req.raw, 16 * 1024));
  if (input.trigger.kind === 'segment' && !isBuiltin(input.trigger.segment) && !(await getSegment(c.env.DB, site, input.trigger.segment))) {
    fail(400, `trigger.segment: "${input.trigger.segment}" is neither a built-in segment nor a saved one`, 'trigger.segment');
  }
  const d = input.destination;
  const id = `sub_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const dashboard = new URL(c.req.url).origin;
  let destination: Destination;
  let credentials: string | null = null;
  if (d.kind === 'zendesk') {
    if (!d.subdomain && !d.url) fail(400, 'destination.subdomain: give the Zendesk subdomain (or destination.url)', 'destination.subdomain');
    destination = { kind: 'zendesk', url: d.url ?? `https://${d.subdomain}.zendesk.com`, priority: d.priority, tags: d.tags, dashboard };
    credentials = JSON.stringify({ email: d.email, token: d.token });
  } else destination = { kind: d.kind, url: d.url, dashboard };
  const secret = newSigningSecret();
  const sub: Subscription = {
    site,
    id,
    name: input.name ?? null,
    trigger: input.trigger,
    destination,
    sealedSecret: await sealSecret(c.env.WEBHOOK_SECRETS_KEY, site, secretContext(id), secret),
    sealedCredentials: credentials && (await sealSecret(c.env.WEBHOOK_SECRETS_KEY, site, credentialsContext(id), credentials)),
    hint: `…${secret.slice(-4)}`,
    createdAt: Date.now(),
  };
  await durably(() => insertSubscription(c.env.DB, sub));
  return c.json({ subscription: shown(sub), secret }, 201);
});

// GET /v1/sites/:site/subscriptions — every subscription (secrets never; URL paths masked).
subscriptionWritesRoute.get('/subscriptions', async (c) => {
  const subs = await listSubscriptions(c.env.DB, c.req.param('site')!);
  return c.json({ subscriptions: subs.map(shown) });
});

// GET /v1/sites/:site/subscriptions/:subscriptionId
subscriptionWritesRoute.get('/subscriptions/:subscriptionId', async (c) => {
  const sub = await getSubscription(c.env.DB, c.req.param('site')!, c.req.param('subscriptionId'));
  if (!sub) notFound('subscription');
  return c.json({ subscription: shown(sub) });
});

// DELETE /v1/sites/:site/subscriptions/:subscriptionId — stops it; its pending deliveries and log go too.
subscriptionWritesRoute.delete('/subscriptions/:subscriptionId', async (c) => {
  if (!(await durably(() => deleteSubscription(c.env.DB, c.req.param('site')!, c.req.param('subscriptionId'))))) notFound('subscription');
  return c.body(null, 204);
});

// POST /v1/sites/:site/subscriptions/:subscriptionId/deliveries/:deliveryId/redeliver — try again now
// (same webhook-id, fresh tries), also for a dead-lettered or delivered one.
subscriptionWritesRoute.post('/subscriptions/:subscriptionId/deliveries/:deliveryId/redeliver', async (c) => {
  const site = c.req.param('site')!;
  const id = c.req.param('deliveryId');
  if (!(await durably(() => resetDelivery(c.env.DB, site, c.req.param('subscriptionId'), id, Date.now())))) notFound('delivery');
  c.executionCtx.waitUntil(deliverNow(c.env, site, [id]));
  return c.json({ id, status: 'pending' }, 202);
});

// GET /v1/sites/:site/subscriptions/:subscriptionId/deliveries?limit=&cursor= — the log, newest first.
subscriptionReadsRoute.get('/subscriptions/:subscriptionId/deliveries', async (c) => {
  const site = c.req.param('site')!;
  const subscriptionId = c.req.param('subscriptionId');
  if (!(await getSubscription(c.env.DB, site, subscriptionId))) notFound('subscription');
  const limit = parseLimit(c.req.query('limit'));
  const after = parseCursor<[number, string]>(c.req.query('cursor'), ['number', 'string']);
  const rows = await listDeliveries(c.env.DB, site, subscriptionId, limit, after);
  const last = rows.length === limit ? rows[rows.length - 1] : null;
  return c.json({ deliveries: rows.map(logEntry), nextCursor: last ? encodeCursor([last.created_at, last.id]) : null });
});

const logEntry = (r: DeliveryRow) => ({
  id: r.id,
  type: r.event_type,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
  visitorId: r.visitor_id,
  customerId: r.customer_id,
  payload: JSON.parse(r.payload) as unknown,
});

function shown(s: Subscription) {
  const { dashboard, ...destination } = s.destination;
  return {
    id: s.id,
    name: s.name,
    trigger: s.trigger,
    destination: { ...destination, url: masked(destination.url) },
    secretHint: s.hint,
    createdAt: s.createdAt,
  };
}

/** Origin kept, path reduced to its last 4 characters. */
function masked(url: string): string {
  const u = new URL(url);
  const rest = `${u.pathname}${u.search}`;
  return rest.length > 4 ? `${u.origin}/…${rest.slice(-4)}` : `${u.origin}${rest}`;
}
