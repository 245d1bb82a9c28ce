import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/lib/hash';
import { freshdeskDate, freshdeskTicket, zendeskHeaders, zendeskTicket, zendeskTimestamp } from './helpdeskFixtures';
import { countRows, identify, ORIGIN, postEvents, read, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'webhook-shop';
const OTHER = 'webhook-other';
const BARE = 'webhook-bare'; // a site with no webhook credential
const ZENDESK_SECRET = 'zendesk-made-this-signing-secret-shop';
const OTHER_ZENDESK_SECRET = 'zendesk-made-this-signing-secret-other';
let keys: { read: string; write: string };
let otherKeys: { read: string; write: string };
let freshdeskToken: string;
let otherFreshdeskToken: string;

function manage(method: string, path: string, key: string, body?: unknown) {
  return fetchWorker(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function newFreshdeskToken(site: string, key: string) {
  const res = await manage('POST', `/v1/sites/${site}/webhooks/freshdesk/token`, key);
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  otherKeys = await seedSite(OTHER);
  await seedSite(BARE);
  expect((await manage('PUT', `/v1/sites/${SITE}/webhooks/zendesk/secret`, keys.write, { secret: ZENDESK_SECRET })).status).toBe(200);
  expect((await manage('PUT', `/v1/sites/${OTHER}/webhooks/zendesk/secret`, otherKeys.write, { secret: OTHER_ZENDESK_SECRET })).status).toBe(200);
  freshdeskToken = await newFreshdeskToken(SITE, keys.write);
  otherFreshdeskToken = await newFreshdeskToken(OTHER, otherKeys.write);
});

async function postZendesk(payload: unknown, { site = SITE, secret = ZENDESK_SECRET, tamper = false, signedAt = Date.now() } = {}) {
  const body = JSON.stringify(payload);
  return fetchWorker(`${ORIGIN}/v1/sites/${site}/webhooks/zendesk`, {
    method: 'POST',
    headers: await zendeskHeaders(secret, body, signedAt),
    body: tamper ? body.replace('Open', 'Solved') : body,
  });
}

function postFreshdesk(payload: unknown, { site = SITE, headers = { 'x-hoptrail-token': freshdeskToken } as Record<string, string>, query = '' } = {}) {
  return fetchWorker(`${ORIGIN}/v1/sites/${site}/webhooks/freshdesk${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
}

const journey = async (customerId: string) => {
  const res = await read(`/v1/sites/${SITE}/customers/${encodeURIComponent(customerId)}/journey`, keys.read);
  const { events } = (await res.json()) as { events: { type: string; props: any; source: string }[] };
  return events;
};
/** The start of a whole minute 2–3 minutes ago: deliveries signed within it stay inside Zendesk's 5-minute window. */
const minuteAgo = () => Math.floor((Date.now() - 120_000) / 60_000) * 60_000;
const errorField = async (res: Response) => ((await res.json()) as { field?: string }).field;

describe('POST /v1/sites/:site/webhooks/zendesk', () => {
  it('maps a signed ticket lifecycle to opened, resolved (late), reopened and resolved again', async () => {
    const created = Date.now() - 3600_000;
    const at = (ms: number) => zendeskTimestamp(created + ms);
    const due = at(600_000);
    const steps = [
      { status: 'Open', updated_at: at(0), due_at: due },
      { status: 'Solved', updated_at: at(1_200_000), due_at: due },
      { status: 'Open', updated_at: at(1_500_000), due_at: due },
      { status: 'Solved', updated_at: at(1_800_000), due_at: due, satisfaction: 'Bad' },
    ];
    for (const step of steps) {
      const res = await postZendesk(zendeskTicket({ created_at: at(0), ...step }));
      expect(res.status, JSON.stringify(step)).toBe(200);
    }
    const events = await journey('cust-zoe');
    expect(events.map((e) => e.type)).toEqual(['ticket_opened', 'ticket_resolved', 'ticket_updated', 'ticket_resolved']);
    expect(events.every((e) => e.source === 'webhook')).toBe(true);
    expect(events[0].props).toMatchObject({ ticketId: '4711', helpdesk: 'zendesk', status: 'open', priority: 'high', channel: 'web form' });
    expect(events[1].props).toMatchObject({ status: 'solved', reopenCount: 0, resolutionMs: 1_200_000, late: true });
    expect(events[2].props).toMatchObject({ reopened: true, reopenCount: 1 });
    expect(events[3].props).toMatchObject({ reopenCount: 1, resolutionMs: 1_800_000, late: true, satisfaction: 1 });
    // The email never lands in storage; only the id the helpdesk knows the customer by.
    expect(await countRows('events', "site = ? AND props LIKE '%xample.com%'", SITE)).toBe(0);
  });

  it('stores a retried delivery once, though Zendesk signs the retry anew', async () => {
    const payload = zendeskTicket({ id: '5000', requester: { email: '', external_id: 'cust-retry' } });
    expect(await (await postZendesk(payload, { signedAt: Date.now() - 20_000 })).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await (await postZendesk(payload)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await journey('cust-retry')).map((e) => e.type)).toEqual(['ticket_opened']);
  });

  it('ignores a delivery older than the last one stored: a late "Open" does not reopen a solved ticket', async () => {
    const t0 = Date.now() - 3600_000;
    const ticket = (status: string, ms: number) =>
      zendeskTicket({ id: '5100', status, created_at: zendeskTimestamp(t0), updated_at: zendeskTimestamp(t0 + ms), requester: { email: '', external_id: 'cust-late' } });
    await postZendesk(ticket('Open', 0));
    await postZendesk(ticket('Solved', 120_000));
    expect(await (await postZendesk(ticket('Open', 60_000))).json()).toMatchObject({ accepted: 0, types: [] });
    expect((await journey('cust-late')).map((e) => e.type)).toEqual(['ticket_opened', 'ticket_resolved']);
  });

  it('orders deliveries of the same updated_at minute by their signature time: a late "Pending" does not reopen a solved ticket', async () => {
    // Pending at :25 and Solved at :45 within one minute render the same updated_at; they arrive reversed.
    const start = minuteAgo();
    const ticket = (status: string) => zendeskTicket({ id: '5200', status, created_at: zendeskTimestamp(start), updated_at: zendeskTimestamp(start), requester: { email: '', external_id: 'cust-minute' } });
    await postZendesk(ticket('Open'), { signedAt: start + 5_000 });
    expect(await (await postZendesk(ticket('Solved'), { signedAt: start + 45_000 })).json()).toMatchObject({ accepted: 1, types: ['ticket_resolved'] });
    expect(await (await postZendesk(ticket('Pending'), { signedAt: start + 25_000 })).json()).toMatchObject({ accepted: 0, types: [] });
    expect((await journey('cust-minute')).map((e) => [e.type, e.props.status])).toEqual([
      ['ticket_opened', 'open'],
      ['ticket_resolved', 'solved'],
    ]);
  });

  it('reads a reopen within the same minute as a reopen, though its body is the opening one', async () => {
    const start = minuteAgo();
    const ticket = (status: string) => zendeskTicket({ id: '5300', status, created_at: zendeskTimestamp(start), updated_at: zendeskTimestamp(start), requester: { email: '', external_id: 'cust-reopen' } });
    await postZendesk(ticket('Open'), { signedAt: start + 5_000 });
    await postZendesk(ticket('Solved'), { signedAt: start + 25_000 });
    expect(await (await postZendesk(ticket('Open'), { signedAt: start + 45_000 })).json()).toMatchObject({ accepted: 1, types: ['ticket_updated'] });
    // Zendesk retrying that last delivery (signed anew) stores nothing more.
    expect(await (await postZendesk(ticket('Open'), { signedAt: start + 50_000 })).json()).toMatchObject({ accepted: 0, types: [] });
    const events = await journey('cust-reopen');
    expect(events.map((e) => e.type)).toEqual(['ticket_opened', 'ticket_resolved', 'ticket_updated']);
    expect(events[2].props).toMatchObject({ reopened: true, reopenCount: 1 });
  });

  it('finds the customer by email when Zendesk has no external id', async () => {
    // Only a server may set emailHash (it routes tickets): a server identify, as the site's backend would.
    const traits = { emailHash: await sha256Hex('mia@example.com') };
    await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/server-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ id: 'mia-crm', type: 'identify', customerId: 'cust-mia', traits }] }),
    });
    const res = await postZendesk(zendeskTicket({ id: '6000', requester: { email: ' Mia@Example.com ', external_id: '' } }));
    expect(await res.json()).toMatchObject({ customerId: 'cust-mia', types: ['ticket_opened'] });
  });

  it('refuses with 401 a wrong signature, a tampered body, no signature, and a timestamp over 5 minutes old or ahead', async () => {
    expect((await postZendesk(zendeskTicket({ id: '7000' }), { secret: 'wrong-secret' })).status).toBe(401);
    expect((await postZendesk(zendeskTicket({ id: '7001' }), { tamper: true })).status).toBe(401);
    const unsigned = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/webhooks/zendesk`, { method: 'POST', body: JSON.stringify(zendeskTicket()) });
    expect(unsigned.status).toBe(401);
    expect(await errorField(unsigned)).toBe('x-zendesk-webhook-signature');
    for (const skew of [-6 * 60_000, 6 * 60_000]) {
      const res = await postZendesk(zendeskTicket({ id: '7002' }), { signedAt: Date.now() + skew });
      expect(res.status, String(skew)).toBe(401);
      expect(await errorField(res)).toBe('x-zendesk-webhook-signature-timestamp');
    }
    expect((await postZendesk(zendeskTicket({ id: '7003', requester: { email: '', external_id: 'cust-skew' } }), { signedAt: Date.now() - 4 * 60_000 })).status).toBe(200);
    expect(await countRows('events', "site = ? AND id LIKE 'zendesk:700_:%' AND id NOT LIKE 'zendesk:7003:%'", SITE)).toBe(0);
  });

  it("checks each site's own secret: a delivery signed for one site is refused by another, a site without one answers 403", async () => {
    const signedForOther = await postZendesk(zendeskTicket({ id: '7100' }), { secret: OTHER_ZENDESK_SECRET });
    expect(signedForOther.status).toBe(401);
    expect((await postZendesk(zendeskTicket({ id: '7100' }), { site: OTHER, secret: ZENDESK_SECRET })).status).toBe(401);
    const bare = await postZendesk(zendeskTicket({ id: '7100' }), { site: BARE });
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as { error: string }).error).toContain('hoptrail webhooks zendesk');
    expect((await postZendesk(zendeskTicket({ id: '7100' }), { site: 'no-such-site' })).status).toBe(404);
    expect(await countRows('events', "id LIKE 'zendesk:7100:%'")).toBe(0);
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
      expect(await errorField(res)).toBe(field);
    }
  });
});

describe('POST /v1/sites/:site/webhooks/freshdesk', () => {
  const lou = async () => journey(`email:${await sha256Hex('lou@example.com')}`);

  it('maps open → resolved with the rendered due date (EDT) and numeric status codes', async () => {
    const dueHourAgo = freshdeskDate(Date.now() - 3600_000, 'EDT', -240);
    expect((await postFreshdesk(freshdeskTicket({ due_by_time: dueHourAgo }))).status).toBe(200);
    const done = await postFreshdesk(freshdeskTicket({ status: '4', due_by_time: dueHourAgo }));
    expect(await done.json()).toMatchObject({ accepted: 1, types: ['ticket_resolved'] });
    const events = await lou();
    expect(events.map((e) => e.type)).toEqual(['ticket_opened', 'ticket_resolved']);
    expect(events[0].props).toMatchObject({ helpdesk: 'freshdesk', ticketId: '812', status: 'open', priority: 'medium', channel: 'portal' });
    // Rendered to the minute in EDT: the due date survives within a minute, and the ticket was resolved late.
    expect(Math.abs(events[1].props.dueAt - (Date.now() - 3600_000))).toBeLessThan(61_000);
    expect(events[1].props).toMatchObject({ status: 'resolved', late: true, reopenCount: 0 });
  });

  it('stores a retried delivery once, and an update that changes something once per change', async () => {
    const first = freshdeskTicket({ id: '813', requester: { email: 'ray@example.com' } });
    const changed = freshdeskTicket({ id: '813', priority: 'Urgent', requester: { email: 'ray@example.com' } });
    expect(await (await postFreshdesk(first)).json()).toMatchObject({ accepted: 1, types: ['ticket_opened'] });
    expect(await (await postFreshdesk(first)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await (await postFreshdesk(changed)).json()).toMatchObject({ accepted: 1, types: ['ticket_updated'] });
    expect(await (await postFreshdesk(changed)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await (await postFreshdesk(first)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const events = await journey(`email:${await sha256Hex('ray@example.com')}`);
    expect(events.map((e) => [e.type, e.props.priority])).toEqual([
      ['ticket_opened', 'medium'],
      ['ticket_updated', 'urgent'],
    ]);
  });

  it('accepts the token as Authorization: Bearer too', async () => {
    const res = await postFreshdesk(freshdeskTicket({ id: '814', requester: { email: 'bea@example.com' } }), { headers: { authorization: `Bearer ${freshdeskToken}` } });
    expect(await res.json()).toMatchObject({ accepted: 1 });
  });

  it('refuses a token in the query string with 400, even alongside the right header, and stores nothing', async () => {
    const viaQuery = await postFreshdesk(freshdeskTicket({ id: '900' }), { headers: {}, query: `?token=${freshdeskToken}` });
    expect(viaQuery.status).toBe(400);
    expect(await errorField(viaQuery)).toBe('token');
    expect((await postFreshdesk(freshdeskTicket({ id: '900' }), { query: `?token=${freshdeskToken}` })).status).toBe(400);
    expect(await countRows('events', "id LIKE 'freshdesk:900:%'")).toBe(0);
  });

  it("refuses a missing or wrong token with 401, another site's token with 401, and a site without one with 403", async () => {
    const none = await postFreshdesk(freshdeskTicket({ id: '901' }), { headers: {} });
    expect(none.status).toBe(401);
    expect(await errorField(none)).toBe('x-hoptrail-token');
    expect((await postFreshdesk(freshdeskTicket({ id: '901' }), { headers: { 'x-hoptrail-token': 'guess' } })).status).toBe(401);
    expect((await postFreshdesk(freshdeskTicket({ id: '901' }), { headers: { 'x-hoptrail-token': otherFreshdeskToken } })).status).toBe(401);
    expect((await postFreshdesk(freshdeskTicket({ id: '901' }), { site: OTHER, headers: { 'x-hoptrail-token': freshdeskToken } })).status).toBe(401);
    const bare = await postFreshdesk(freshdeskTicket({ id: '901' }), { site: BARE });
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as { error: string }).error).toContain('hoptrail webhooks freshdesk');
    expect(await countRows('events', "id LIKE 'freshdesk:901:%'")).toBe(0);
  });

  it('answers 400 naming the field for a payload without ticket id, status or requester email', async () => {
    const cases: [unknown, string][] = [
      [{ nope: true }, 'ticket'],
      [freshdeskTicket({ id: '' }), 'ticket.id'],
      [freshdeskTicket({ status: undefined }), 'ticket.status'],
      [freshdeskTicket({ requester: { email: '' } }), 'ticket.requester.email'],
      [{ freshdesk_webhook: { ticket_id: 7, ticket_status: 'Open' } }, 'freshdesk_webhook.ticket_requester_email'],
    ];
    for (const [payload, field] of cases) {
      const res = await postFreshdesk(payload);
      expect(res.status, field).toBe(400);
      expect(await errorField(res)).toBe(field);
    }
  });
});

describe('webhook credentials (write key)', () => {
  const SITE_C = 'webhook-rotate';
  let k: { read: string; write: string };
  beforeAll(async () => {
    k = await seedSite(SITE_C);
  });
  const post = (token: string) =>
    postFreshdesk(freshdeskTicket({ id: '950', requester: { email: 'rot@example.com' } }), { site: SITE_C, headers: { 'x-hoptrail-token': token } });

  it('rotating the Freshdesk token retires the old one at once; listing never shows a credential', async () => {
    const old = await newFreshdeskToken(SITE_C, k.write);
    const fresh = await newFreshdeskToken(SITE_C, k.write);
    expect((await post(old)).status).toBe(401);
    expect((await post(fresh)).status).toBe(200);
    const listed = await manage('GET', `/v1/sites/${SITE_C}/webhooks`, k.write);
    const text = await listed.text();
    expect(JSON.parse(text).webhooks).toEqual([
      { helpdesk: 'zendesk', configured: false },
      { helpdesk: 'freshdesk', configured: true, hint: `…${fresh.slice(-4)}`, updatedAt: expect.any(Number) },
    ]);
    expect(text).not.toContain(fresh);
    // Stored as a hash only; the Zendesk secret sealed, not in clear.
    expect(await countRows('webhook_secrets', 'token_hash = ?', await sha256Hex(fresh))).toBe(1);
    expect(await countRows('webhook_secrets', 'sealed_secret LIKE ?', `%${ZENDESK_SECRET}%`)).toBe(0);
  });

  it('a removed credential refuses that helpdesk with 403; managing needs the write key', async () => {
    const token = await newFreshdeskToken(SITE_C, k.write);
    expect((await manage('DELETE', `/v1/sites/${SITE_C}/webhooks/freshdesk`, k.write)).status).toBe(204);
    expect((await post(token)).status).toBe(403);
    expect((await manage('POST', `/v1/sites/${SITE_C}/webhooks/freshdesk/token`, k.read)).status).toBe(401);
    expect((await manage('PUT', `/v1/sites/${SITE_C}/webhooks/zendesk/secret`, keys.write, { secret: ZENDESK_SECRET })).status).toBe(404);
    const short = await manage('PUT', `/v1/sites/${SITE_C}/webhooks/zendesk/secret`, k.write, { secret: 'short' });
    expect(short.status).toBe(400);
    expect(await errorField(short)).toBe('secret');
    expect((await manage('DELETE', `/v1/sites/${SITE_C}/webhooks/intercom`, k.write)).status).toBe(400);
  });
});
