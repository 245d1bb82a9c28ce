import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/lib/hash';
import { countRows, identify, ORIGIN, postEvents, read, seedSite } from './helpers';

const SITE = 'webhook-shop';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

/** Signs like Zendesk: base64(HMAC-SHA256(secret, timestamp + body)). */
async function zendeskSign(secret: string, timestamp: string, body: string) {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(timestamp + body));
  return btoa(String.fromCharCode(...new Uint8Array(mac)));
}

async function postZendesk(payload: unknown, { secret = env.ZENDESK_WEBHOOK_SECRET, tamper = false, signedAt = Date.now() } = {}) {
  const body = JSON.stringify(payload);
  const timestamp = new Date(signedAt).toISOString();
  const signature = await zendeskSign(secret, timestamp, body);
  return SELF.fetch(`${ORIGIN}/v1/sites/${SITE}/webhooks/zendesk`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature': signature,
      'x-zendesk-webhook-signature-timestamp': timestamp,
    },
    body: tamper ? body.replace('Open', 'Solved') : body,
  });
}

function postFreshdesk(payload: unknown, token: string | null = env.FRESHDESK_WEBHOOK_TOKEN, via: 'header' | 'query' = 'header') {
  const query = token !== null && via === 'query' ? `?token=${encodeURIComponent(token)}` : '';
  return SELF.fetch(`${ORIGIN}/v1/sites/${SITE}/webhooks/freshdesk${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null && via === 'header' && { 'x-hoptrail-token': token }) },
    body: JSON.stringify(payload),
  });
}

/**
 * The trigger body collector/README.md tells Zendesk admins to paste, as Zendesk renders it: every
 * placeholder (https://support.zendesk.com/hc/en-us/articles/203662156-Zendesk-placeholders-reference)
 * becomes a string, empty when the ticket has no value.
 */
const zendeskTicket = (over: Record<string, unknown> = {}) => ({
  ticket: {
    id: '4711',
    status: 'Open',
    priority: 'High',
    via: 'Web Form',
    created_at: new Date(Date.now() - 3600_000).toISOString(),
    updated_at: new Date(Date.now() - 3600_000).toISOString(),
    due_at: '',
    requester: { email: 'Zoe@Example.com', external_id: 'cust-zoe' },
    satisfaction: 'Unoffered',
    ...over,
  },
});

const journeyTypes = async (customerId: string) => {
  const res = await read(`/v1/sites/${SITE}/customers/${encodeURIComponent(customerId)}/journey`, keys.read);
  const { events } = (await res.json()) as { events: { type: string; props: any; source: string }[] };
  return events;
};

describe('POST /v1/sites/:site/webhooks/zendesk', () => {
  it('maps a signed ticket lifecycle to opened, resolved (late), reopened and resolved again', async () => {
    const created = Date.now() - 3600_000;
    const due = created + 600_000;
    const at = (ms: number) => new Date(created + ms).toISOString();
    const steps = [
      { status: 'Open', updated_at: at(0), due_at: new Date(due).toISOString() },
      { status: 'Solved', updated_at: at(1_200_000), due_at: new Date(due).toISOString() },
      { status: 'Open', updated_at: at(1_500_000), due_at: new Date(due).toISOString() },
      { status: 'Solved', updated_at: at(1_800_000), due_at: new Date(due).toISOString(), satisfaction: 'Bad' },
    ];
    for (const step of steps) {
      const res = await postZendesk(zendeskTicket({ created_at: at(0), ...step }));
      expect(res.status, JSON.stringify(step)).toBe(200);
    }
    const events = await journeyTypes('cust-zoe');
    expect(events.map((e) => e.type)).toEqual(['ticket_opened', 'ticket_resolved', 'ticket_updated', 'ticket_resolved']);
    expect(events.every((e) => e.source === 'webhook')).toBe(true);
    expect(events[0].props).toMatchObject({ ticketId: '4711', helpdesk: 'zendesk', status: 'open', priority: 'high', channel: 'web form' });
    expect(events[1].props).toMatchObject({ status: 'solved', reopenCount: 0, resolutionMs: 1_200_000, late: true });
    expect(events[2].props).toMatchObject({ reopened: true, reopenCount: 1 });
    expect(events[3].props).toMatchObject({ reopenCount: 1, resolutionMs: 1_800_000, late: true, satisfaction: 1 });
    // The email never lands in storage; only the id the helpdesk knows the customer by.
    expect(await countRows('events', "site = ? AND props LIKE '%xample.com%'", SITE)).toBe(0);
  });

  it('stores a retried delivery once', async () => {
    const payload = zendeskTicket({ id: '5000', requester: { email: '', external_id: 'cust-retry' } });
    expect(await (await postZendesk(payload)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await (await postZendesk(payload)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('ignores a delivery older than the last one stored: a late "Open" does not reopen a solved ticket', async () => {
    const t0 = Date.now() - 3600_000;
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const ticket = (status: string, ms: number) =>
      zendeskTicket({ id: '5100', status, created_at: at(0), updated_at: at(ms), requester: { email: '', external_id: 'cust-late' } });
    await postZendesk(ticket('Open', 0));
    await postZendesk(ticket('Solved', 60_000));
    expect(await (await postZendesk(ticket('Open', 30_000))).json()).toMatchObject({ accepted: 0, types: [] });
    expect((await journeyTypes('cust-late')).map((e) => e.type)).toEqual(['ticket_opened', 'ticket_resolved']);
  });

  it('finds the customer by email when Zendesk has no external id', async () => {
    // Only a server may set emailHash (it routes tickets): a server identify, as the site's backend would.
    const traits = { emailHash: await sha256Hex('mia@example.com') };
    await SELF.fetch(`${ORIGIN}/v1/sites/${SITE}/server-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ id: 'mia-crm', type: 'identify', customerId: 'cust-mia', traits }] }),
    });
    const res = await postZendesk(zendeskTicket({ id: '6000', requester: { email: ' Mia@Example.com ', external_id: '' } }));
    expect(await res.json()).toMatchObject({ customerId: 'cust-mia', types: ['ticket_opened'] });
  });

  it('refuses a request whose signature does not match, or that has none, with 401', async () => {
    expect((await postZendesk(zendeskTicket({ id: '7000' }), { secret: 'wrong-secret' })).status).toBe(401);
    expect((await postZendesk(zendeskTicket({ id: '7001' }), { tamper: true })).status).toBe(401);
    const unsigned = await SELF.fetch(`${ORIGIN}/v1/sites/${SITE}/webhooks/zendesk`, { method: 'POST', body: JSON.stringify(zendeskTicket()) });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { field: string }).field).toBe('x-zendesk-webhook-signature');
    const replayed = await postZendesk(zendeskTicket({ id: '7002' }), { signedAt: Date.now() - 2 * 3600_000 });
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { field: string }).field).toBe('x-zendesk-webhook-signature-timestamp');
    expect(await countRows('events', "site = ? AND id LIKE 'zendesk:700%'", SITE)).toBe(0);
  });

  it('answers 400 naming the field when the body lacks what the mapping needs', async () => {
    const cases: [unknown, string][] = [
      [{ nope: true }, 'ticket'],
      [zendeskTicket({ id: '' }), 'ticket.id'],
      [zendeskTicket({ status: '' }), 'ticket.status'],
      [zendeskTicket({ requester: { email: '', external_id: '' } }), 'ticket.requester'],
    ];
    for (const [payload, field] of cases) {
      const res = await postZendesk(payload);
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as { field: string }).field).toBe(field);
    }
  });
});

describe('POST /v1/sites/:site/webhooks/freshdesk', () => {
  /** Freshdesk "Trigger webhook", JSON, simple content: the chosen ticket fields under freshdesk_webhook. */
  const freshdeskTicket = (over: Record<string, unknown> = {}) => ({
    freshdesk_webhook: {
      ticket_id: 812,
      ticket_status: 'Open',
      ticket_priority: 'Medium',
      ticket_source: 'Portal',
      ticket_contact_email: 'lou@example.com',
      ticket_created_at: new Date(Date.now() - 7200_000).toISOString(),
      ...over,
    },
  });

  it('maps open → resolved with the rating and time to resolution, authenticated by the shared token', async () => {
    const created = Date.now() - 7200_000;
    expect((await postFreshdesk(freshdeskTicket({ ticket_created_at: new Date(created).toISOString() }))).status).toBe(200);
    const done = await postFreshdesk(
      freshdeskTicket({
        ticket_status: 'Resolved',
        ticket_created_at: new Date(created).toISOString(),
        ticket_updated_at: new Date(created + 3600_000).toISOString(),
        ticket_due_by_time: new Date(created + 7200_000).toISOString(),
        ticket_satisfaction_rating: 'Awesome',
      }),
      env.FRESHDESK_WEBHOOK_TOKEN,
      'query',
    );
    expect(done.status).toBe(200);
    const hash = await sha256Hex('lou@example.com');
    const events = await journeyTypes(`email:${hash}`);
    expect(events.map((e) => e.type)).toEqual(['ticket_opened', 'ticket_resolved']);
    expect(events[1].props).toMatchObject({ helpdesk: 'freshdesk', ticketId: '812', satisfaction: 5, resolutionMs: 3600_000, late: false, reopenCount: 0 });
  });

  it('refuses a missing or wrong token with 401 and stores nothing', async () => {
    expect((await postFreshdesk(freshdeskTicket({ ticket_id: 900 }), null)).status).toBe(401);
    expect((await postFreshdesk(freshdeskTicket({ ticket_id: 901 }), 'guess')).status).toBe(401);
    expect(await countRows('events', "site = ? AND id LIKE 'freshdesk:90%'", SITE)).toBe(0);
  });

  it('answers 400 naming the field for a payload without ticket id, status or contact', async () => {
    const cases: [unknown, string][] = [
      [freshdeskTicket({ ticket_id: '' }), 'freshdesk_webhook.ticket_id'],
      [freshdeskTicket({ ticket_status: undefined }), 'freshdesk_webhook.ticket_status'],
      [freshdeskTicket({ ticket_contact_email: '' }), 'freshdesk_webhook.ticket_contact_email'],
    ];
    for (const [payload, field] of cases) {
      const res = await postFreshdesk(payload);
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as { field: string }).field).toBe(field);
    }
  });
});
