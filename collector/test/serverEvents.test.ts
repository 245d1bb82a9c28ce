import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/lib/hash';
import { countRows, identify, ORIGIN, pageview, postEvents, read, seedSite } from './helpers';
import { ACCEPTED_STATUS, drained, outcome } from './ingestOutcome';
import { fetchWorker } from './worker';

const SITE = 'helpdesk-shop';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

function postServerEvents(body: unknown, key: string | undefined = keys.write, site = SITE) {
  return drained(() =>
    fetchWorker(`${ORIGIN}/v1/sites/${site}/server-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
      body: JSON.stringify(body),
    }),
  );
}

const journeyOf = async (customerId: string) => {
  const res = await read(`/v1/sites/${SITE}/customers/${customerId}/journey`, keys.read);
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: { type: string; path: string | null; props: any; source: string }[] }).events;
};

describe('POST /v1/sites/:site/server-events', () => {
  it('stores a ticket lifecycle for a customer, in their journey, with the fields the Happy Index reads', async () => {
    const now = Date.now();
    const res = await postServerEvents({
      events: [
        { id: 't-100-open', type: 'ticket_opened', customerId: 'cust-7', ts: now - 60_000, props: { ticketId: '100', helpdesk: 'acme', channel: 'email' } },
        { id: 't-100-upd', type: 'ticket_updated', customerId: 'cust-7', ts: now - 30_000, props: { ticketId: '100', status: 'open', reopened: true, reopenCount: 1 } },
        {
          id: 't-100-done',
          type: 'ticket_resolved',
          customerId: 'cust-7',
          ts: now - 1000,
          props: { ticketId: '100', satisfaction: 2, resolutionMs: 59_000, reopenCount: 1, late: true },
        },
        { id: 'refund-1', type: 'event', name: 'refund_issued', customerId: 'cust-7', ts: now - 500, props: { amount: 20 } },
      ],
    });
    expect(await outcome(res)).toMatchObject({ accepted: 4, duplicates: 0 });
    const journey = await journeyOf('cust-7');
    expect(journey.map((e) => e.type)).toEqual(['ticket_opened', 'ticket_updated', 'ticket_resolved', 'event']);
    expect(journey.every((e) => e.source === 'server')).toBe(true);
    expect(journey[2].props).toMatchObject({ satisfaction: 2, reopenCount: 1, late: true, resolutionMs: 59_000 });
  });

  it('is idempotent by the caller id: a retried batch stores nothing twice', async () => {
    const batch = { events: [{ id: 'retry-me-1', type: 'ticket_opened', customerId: 'cust-retry', props: { ticketId: '9' } }] };
    expect(await outcome(await postServerEvents(batch))).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await outcome(await postServerEvents(batch))).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await countRows('events', "site = ? AND visitor_id = 'customer:cust-retry'", SITE)).toBe(1);
  });

  it('takes any valid customer id: emails and ids of the full 128 characters land in the journey', async () => {
    const long = 'c'.repeat(128);
    for (const customerId of ['ada+shop@example.com', long]) {
      const res = await postServerEvents({ events: [{ id: `t-${customerId.length}`, type: 'ticket_opened', customerId, props: { ticketId: '1' } }] });
      expect(res.status).toBe(ACCEPTED_STATUS);
      expect((await journeyOf(encodeURIComponent(customerId))).map((e) => e.type)).toEqual(['ticket_opened']);
    }
  });

  it('puts a ticket opened during a visit next to the pages that led to it', async () => {
    const t = Date.now() - 120_000;
    await postEvents({
      events: [
        pageview(SITE, 'visitor-ticket-1', { ts: t, url: 'https://shop.example/orders', seq: 0 }),
        identify(SITE, 'visitor-ticket-1', 'cust-journey', undefined, { ts: t + 1000, seq: 1 }),
        pageview(SITE, 'visitor-ticket-1', { ts: t + 2000, url: 'https://shop.example/help', seq: 2 }),
        pageview(SITE, 'visitor-ticket-1', { ts: t + 60_000, url: 'https://shop.example/thanks', seq: 3 }),
      ],
    });
    const res = await postServerEvents({
      events: [{ id: 'journey-ticket', type: 'ticket_opened', customerId: 'cust-journey', ts: t + 30_000, props: { ticketId: '55' } }],
    });
    expect(res.status).toBe(ACCEPTED_STATUS);
    const journey = await journeyOf('cust-journey');
    expect(journey.map((e) => (e.type === 'pageview' ? e.path : e.type))).toEqual([
      '/orders',
      'identify',
      '/help',
      'ticket_opened',
      '/thanks',
    ]);
  });

  it('keys by email hash: joins the customer whose emailHash trait matches (set by a server identify)', async () => {
    const hash = await sha256Hex('ana@example.com');
    await postEvents({ events: [identify(SITE, 'visitor-ana-1', 'cust-ana')] });
    await postServerEvents({ events: [{ id: 'ana-crm', type: 'identify', customerId: 'cust-ana', traits: { emailHash: hash } }] });
    const res = await postServerEvents({ events: [{ id: 'ana-ticket', type: 'ticket_opened', emailHash: hash, props: { ticketId: '1' } }] });
    expect(await outcome(res)).toMatchObject({ accepted: 1, customerIds: ['cust-ana'] });
    expect((await journeyOf('cust-ana')).map((e) => e.type)).toEqual(['identify', 'identify', 'ticket_opened']);
  });

  it('keys an unknown email hash to its own customer email:<hash>', async () => {
    const hash = await sha256Hex('nobody@example.com');
    const res = await postServerEvents({ events: [{ id: 'nobody-ticket', type: 'ticket_opened', emailHash: hash, props: { ticketId: '2' } }] });
    expect(await res.json()).toMatchObject({ customerIds: [`email:${hash}`] });
  });

  it('stores the good events of a batch and refuses a bad one, naming events[i].field', async () => {
    const cases: [unknown, string][] = [
      [{ id: 'ok-1', type: 'ticket_opened', props: { ticketId: '1' } }, 'events[1].customerId'],
      [{ id: 'ok-1', type: 'ticket_opened', customerId: 'c1', props: {} }, 'events[1].props.ticketId'],
      [{ id: 'ok-1', type: 'ticket_resolved', customerId: 'c1', props: { ticketId: '1', satisfaction: 9 } }, 'events[1].props.satisfaction'],
      [{ id: 'has space', type: 'ticket_opened', customerId: 'c1', props: { ticketId: '1' } }, 'events[1].id'],
      [{ id: 'ok-1', type: 'chat_started', customerId: 'c1' }, 'events[1].type'],
      [{ id: 'ok-1', type: 'event', customerId: 'c1' }, 'events[1].name'],
      [{ id: 'ok-1', type: 'ticket_opened', emailHash: 'ANA@EXAMPLE.COM', props: { ticketId: '1' } }, 'events[1].emailHash'],
    ];
    for (const [i, [bad, field]] of cases.entries()) {
      const res = await postServerEvents({
        events: [{ id: `good-first-${i}`, type: 'ticket_opened', customerId: 'cust-bad', props: { ticketId: `${i}` } }, bad],
      });
      const body = await outcome(res);
      expect(body.refused, field).toEqual([{ index: 1, field, message: expect.stringContaining(field) }]);
      expect(body).toMatchObject({ accepted: 1, customerIds: ['cust-bad', null] });
    }
    // Each batch's good event, and nothing of any bad one.
    expect(await countRows('events', "site = ? AND visitor_id = 'customer:cust-bad'", SITE)).toBe(cases.length);
    expect(await countRows('events', "site = ? AND id = 'srv:ok-1'", SITE)).toBe(0);
  });

  it('refuses batches over 100 events', async () => {
    const events = Array.from({ length: 101 }, (_, i) => ({ id: `many-${i}`, type: 'ticket_opened', customerId: 'c', props: { ticketId: `${i}` } }));
    const res = await postServerEvents({ events });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('events');
  });

  it('needs a write key of this site: none is 401, a read key is 401, another site is 404', async () => {
    const batch = { events: [{ id: 'auth-1', type: 'ticket_opened', customerId: 'c', props: { ticketId: '1' } }] };
    expect((await postServerEvents(batch, '')).status).toBe(401);
    expect((await postServerEvents(batch, keys.read)).status).toBe(401);
    const other = await seedSite('other-helpdesk-shop');
    expect((await postServerEvents(batch, other.write)).status).toBe(404);
  });
});
