// Posts a support story for one customer to a running collector (`npm start`), then prints their journey:
//   1. the customer browses the shop and identifies (browser events, as the SDK would send them);
//   2. the site's backend reports a ticket through the server API (write key): opened, reopened, resolved;
//   3. Zendesk reports a second ticket through its signed webhook (dev secret from .dev.vars.example).
//
//   node examples/helpdesk/ticketLifecycle.mjs [--api http://127.0.0.1:8787] [--customer cust-helpdesk-demo]
import { createHmac, randomUUID } from 'node:crypto';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const api = arg('api', process.env.HOPTRAIL_API ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
const customer = arg('customer', `cust-helpdesk-${Date.now().toString(36)}`);
const site = 'demo';
const keys = { read: 'demo-read-key', write: 'demo-write-key' };
const zendeskSecret = process.env.ZENDESK_WEBHOOK_SECRET ?? 'dev-zendesk-secret';

async function call(path, init) {
  const res = await fetch(api + path, init);
  const body = await res.json();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
const json = (body, headers = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const now = Date.now();
const minutes = (m) => now - 90 * 60_000 + m * 60_000;

// 1. Browsing: orders page, help page, then (30 minutes later) back to the shop.
const visitorId = randomUUID();
const sessionId = randomUUID();
let seq = 0;
const browserEvent = (type, ts, extra) => ({ id: randomUUID(), site, type, visitorId, sessionId, seq: seq++, ts, ...extra });
await call(
  '/v1/events',
  json({
    events: [
      browserEvent('pageview', minutes(0), { url: 'https://shop.example/orders', props: { title: 'Your orders' } }),
      browserEvent('identify', minutes(1), { props: { customerId: customer } }),
      browserEvent('pageview', minutes(2), { url: 'https://shop.example/help', props: { title: 'Help' } }),
      browserEvent('pageview', minutes(40), { url: 'https://shop.example/', props: { title: 'Shop' } }),
    ],
  }),
);

// 2. The backend's ticket, through the server API (idempotent by our ids: running twice stores once).
const auth = { authorization: `Bearer ${keys.write}` };
const ticket = `T-${customer}`;
const serverEvents = [
  { id: `${ticket}-opened`, type: 'ticket_opened', customerId: customer, ts: minutes(3), props: { ticketId: ticket, helpdesk: 'backend', channel: 'web' } },
  { id: `${ticket}-resolved-0`, type: 'ticket_resolved', customerId: customer, ts: minutes(20), props: { ticketId: ticket, helpdesk: 'backend', resolutionMs: 17 * 60_000, reopenCount: 0 } },
  { id: `${ticket}-reopened-1`, type: 'ticket_updated', customerId: customer, ts: minutes(30), props: { ticketId: ticket, helpdesk: 'backend', status: 'open', reopened: true, reopenCount: 1 } },
  {
    id: `${ticket}-resolved-1`,
    type: 'ticket_resolved',
    customerId: customer,
    ts: minutes(60),
    props: { ticketId: ticket, helpdesk: 'backend', resolutionMs: 57 * 60_000, reopenCount: 1, dueAt: minutes(33), late: true, satisfaction: 2 },
  },
];
console.log('server API:', await call(`/v1/sites/${site}/server-events`, json({ events: serverEvents }, auth)));

// 3. Zendesk: a second ticket opened then solved, each a signed webhook delivery.
async function zendesk(status, at) {
  const body = JSON.stringify({
    ticket: {
      id: `ZD-${customer}`,
      status,
      priority: 'Normal',
      via: 'Web Widget',
      created_at: new Date(minutes(50)).toISOString(),
      updated_at: new Date(at).toISOString(),
      due_at: '',
      requester: { email: '', external_id: customer },
      satisfaction: status === 'Solved' ? 'Good' : 'Unoffered',
    },
  });
  const timestamp = new Date().toISOString();
  const signature = createHmac('sha256', zendeskSecret).update(timestamp + body).digest('base64');
  return call(`/v1/sites/${site}/webhooks/zendesk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': timestamp },
    body,
  });
}
console.log('zendesk webhook:', await zendesk('Open', minutes(50)));
console.log('zendesk webhook:', await zendesk('Solved', minutes(70)));

// The journey, as the read API returns it.
const { events } = await call(`/v1/sites/${site}/customers/${encodeURIComponent(customer)}/journey`, {
  headers: { authorization: `Bearer ${keys.read}` },
});
console.log(`\nJourney of ${customer}:`);
for (const e of events) {
  const p = e.props ?? {};
  const what =
    e.type === 'pageview'
      ? e.path
      : e.type.startsWith('ticket_')
        ? `${p.helpdesk} #${p.ticketId} ${[p.status, p.reopened && 'reopened', p.late && 'late', p.satisfaction && `rated ${p.satisfaction}/5`, p.resolutionMs && `resolved in ${Math.round(p.resolutionMs / 60_000)} min`].filter(Boolean).join(', ')}`
        : p.customerId ?? '';
  console.log(`${new Date(e.ts).toISOString().slice(11, 19)}  ${e.type.padEnd(16)} ${what}  (${e.source})`);
}
