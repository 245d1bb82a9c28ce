// Posts a support story for one customer to a running collector (`npm start`), then prints their journey:
//   1. the customer browses the shop and identifies (browser events, as the SDK would send them);
//   2. the site's backend reports a ticket through the server API (write key): opened, reopened, resolved;
//   3. Zendesk reports a second ticket through its signed webhook, Freshdesk a third through its token
//      (the dev site's webhook credentials that `npm run db:dev` stores; see .dev.vars.example).
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
// The demo site's development credentials (scripts/prepare-dev-db.mjs); for another site, make them
// with `hoptrail webhooks zendesk --secret …` and `hoptrail webhooks freshdesk`.
const zendeskSecret = process.env.ZENDESK_SIGNING_SECRET ?? 'dev-zendesk-secret';
const freshdeskToken = process.env.FRESHDESK_WEBHOOK_TOKEN ?? 'dev-freshdesk-token';

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

// 3. Zendesk: a second ticket opened then solved, each a signed webhook delivery. Zendesk renders
// {{ticket.updated_at_with_timestamp}} to the minute ("2013-12-12T05:35Z").
const zendeskTime = (ms) => new Date(ms).toISOString().slice(0, 16) + 'Z';
async function zendesk(status, at) {
  const body = JSON.stringify({
    ticket: {
      id: `ZD-${customer}`,
      status,
      priority: 'Normal',
      via: 'Web Widget',
      created_at: zendeskTime(minutes(50)),
      updated_at: zendeskTime(at),
      due_at: '',
      requester: { email: '', external_id: customer },
      satisfaction: status === 'Solved' ? 'Good' : 'Unoffered',
    },
  });
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const signature = createHmac('sha256', zendeskSecret).update(timestamp + body).digest('base64');
  return call(`/v1/sites/${site}/webhooks/zendesk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': timestamp },
    body,
  });
}
console.log('zendesk webhook:', await zendesk('Open', minutes(50)));
console.log('zendesk webhook:', await zendesk('Solved', minutes(70)));

// 4. Freshdesk: a third ticket, opened then resolved, as the README's automation body renders it; the
// due date as Freshdesk prints {{ticket.due_by_time}} ('%B %e %Y at %I:%M %p %Z'): an hour ago, so late.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const two = (n) => String(n).padStart(2, '0');
const due = new Date(now - 3600_000);
const dueByTime = `${MONTHS[due.getUTCMonth()]} ${String(due.getUTCDate()).padStart(2, ' ')} ${due.getUTCFullYear()} at ${two(due.getUTCHours() % 12 || 12)}:${two(due.getUTCMinutes())} ${due.getUTCHours() < 12 ? 'AM' : 'PM'} UTC`;
const freshdesk = (status) =>
  call(`/v1/sites/${site}/webhooks/freshdesk`, json({
    ticket: { id: `FD-${customer}`, status, priority: 'High', source: 'Email', due_by_time: dueByTime, requester: { email: `${customer}@example.com` } },
  }, { 'x-hoptrail-token': freshdeskToken }));
console.log('freshdesk webhook:', await freshdesk('Open'));
console.log('freshdesk webhook:', await freshdesk('Resolved'));

// The journey, as the read API returns it. (Freshdesk knows the customer by email only: its ticket lands
// under `email:<sha256>` until the site's backend links that hash to the customer.)
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
