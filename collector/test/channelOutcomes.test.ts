import { beforeAll, describe, expect, it } from 'vitest';
import type { HoptrailEvent } from '../src/schema/event';
import { customEvent, ORIGIN, pageview, postEvents, read, refusedFields, seedSite } from './helpers';
import { drained, outcome } from './ingestOutcome';
import { fetchWorker } from './worker';

/**
 * Conversions and revenue per channel, and a funnel split by channel, on a history whose answers are
 * known. Every landing is one browser session whose channel follows from its referrer or UTM tags:
 *   visitor-a   organic search (Google): signup, buys CA-1 for 100 EUR, 30 EUR refunded later
 *   visitor-b   organic search (DuckDuckGo): buys CB-1 for 20 USD, no signup
 *   visitor-c   email (campaign "spring"): signup, buys CC-1 for 50 EUR; a later direct session, nothing
 *   visitor-d   direct: signup, never buys
 *   visitor-e   signup and a purchase (CE-1, 10 EUR) in a batch without a page view: no session row
 */
const SITE = 'channel-outcomes';
const S = 1000;
const T0 = Date.now() - 2 * 86_400_000;
let keys: { read: string; write: string };

const land = (visitor: string, session: string, at: number, url: string, referrer?: string) =>
  pageview(SITE, visitor, { sessionId: session, ts: T0 + at, url, props: { title: 'Shop', ...(referrer && { referrer }) } } as Partial<HoptrailEvent>);
const signup = (visitor: string, session: string, at: number) =>
  customEvent(SITE, visitor, { name: 'signup', props: { plan: 'pro' }, sessionId: session, ts: T0 + at } as Partial<HoptrailEvent>);
const buy = (visitor: string, session: string, at: number, orderId: string, value: number, currency = 'EUR') =>
  customEvent(SITE, visitor, { type: 'purchase', name: undefined, props: { value, currency, orderId }, sessionId: session, ts: T0 + at } as Partial<HoptrailEvent>);

function write(method: string, path: string, body: unknown) {
  return fetchWorker(`${ORIGIN}/v1/sites/${SITE}${path}`, {
    method,
    headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const range = `from=${T0 - 60 * S}&to=${T0 + 3600 * S}`;
let signupGoal: string;

beforeAll(async () => {
  keys = await seedSite(SITE);
  // One batch per page load, as a browser sends them (a session is classified from its batch's first page view).
  const batches = [
    [land('visitor-a', 'session-a-01', 0, 'https://shop.example/', 'https://www.google.com/'), signup('visitor-a', 'session-a-01', 10 * S), buy('visitor-a', 'session-a-01', 20 * S, 'CA-1', 100)],
    [land('visitor-b', 'session-b-01', 0, 'https://shop.example/', 'https://duckduckgo.com/'), buy('visitor-b', 'session-b-01', 20 * S, 'CB-1', 20, 'USD')],
    [land('visitor-c', 'session-c-01', 0, 'https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=spring'), signup('visitor-c', 'session-c-01', 10 * S), buy('visitor-c', 'session-c-01', 30 * S, 'CC-1', 50)],
    [land('visitor-c', 'session-c-02', 3000 * S, 'https://shop.example/account')],
    [land('visitor-d', 'session-d-01', 0, 'https://shop.example/pricing'), signup('visitor-d', 'session-d-01', 15 * S)],
    [signup('visitor-e', 'session-e-01', 5 * S), buy('visitor-e', 'session-e-01', 25 * S, 'CE-1', 10)],
  ];
  for (const events of batches) expect(await refusedFields(await postEvents({ events }))).toEqual([]);
  const refund = await drained(() =>
    fetchWorker(`${ORIGIN}/v1/sites/${SITE}/server-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.write}` },
      body: JSON.stringify({ events: [{ id: 'ref-ca-1', type: 'refund', customerId: 'cust-a', ts: T0 + 600 * S, props: { value: 30, currency: 'EUR', orderId: 'CA-1' } }] }),
    }),
  );
  expect(await outcome(refund)).toMatchObject({ accepted: 1 });
  const goal = await write('POST', '/goals', { name: 'Pro signup', matcher: { kind: 'event', name: 'signup', props: { plan: 'pro' } } });
  signupGoal = (await goal.json<{ goal: { id: string } }>()).goal.id;
  expect((await write('POST', '/goals', { name: 'Purchase', matcher: { kind: 'purchase' } })).status).toBe(201);
});

interface Row {
  key: string | null;
  visitors: number;
  sessions: number;
  conversions: number;
  revenue: { currency: string; orders: number; gross: number; refunded: number; net: number }[];
}
async function channels(query: string) {
  const res = await read(`/v1/sites/${SITE}/reports/channels?${range}&${query}`, keys.read);
  expect(res.status).toBe(200);
  const body = await res.json<{ rows: Row[] }>();
  return Object.fromEntries(body.rows.map((r) => [String(r.key), { visitors: r.visitors, sessions: r.sessions, conversions: r.conversions, revenue: r.revenue }]));
}

describe('conversions and revenue by channel', () => {
  it('counts converting people and net revenue per currency in the sessions of each channel', async () => {
    expect(await channels('by=channel')).toEqual({
      organic_search: {
        visitors: 2,
        sessions: 2,
        conversions: 2,
        // The refund is netted against the order it names; currencies stay apart.
        revenue: [
          { currency: 'EUR', orders: 1, gross: 100, refunded: 30, net: 70 },
          { currency: 'USD', orders: 1, gross: 20, refunded: 0, net: 20 },
        ],
      },
      email: { visitors: 1, sessions: 1, conversions: 1, revenue: [{ currency: 'EUR', orders: 1, gross: 50, refunded: 0, net: 50 }] },
      // c's later session converted nothing; d signed up but bought nothing. e's order has no session: in no row.
      direct: { visitors: 2, sessions: 2, conversions: 1, revenue: [] },
    });
  });

  it('counts one goal when asked for it', async () => {
    const rows = await channels(`by=channel&goal=${signupGoal}`);
    expect(Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, r.conversions]))).toEqual({ organic_search: 1, email: 1, direct: 1 });
  });

  it('groups the same by source and by campaign', async () => {
    const bySource = await channels('by=source');
    expect(bySource.google).toMatchObject({ conversions: 1, revenue: [{ currency: 'EUR', net: 70 }] });
    expect(bySource.duckduckgo).toMatchObject({ conversions: 1, revenue: [{ currency: 'USD', net: 20 }] });
    expect(bySource.newsletter).toMatchObject({ conversions: 1, revenue: [{ currency: 'EUR', net: 50 }] });
    const byCampaign = await channels('by=campaign');
    expect(byCampaign.spring).toMatchObject({ sessions: 1, conversions: 1, revenue: [{ currency: 'EUR', orders: 1, net: 50 }] });
    expect(byCampaign.null).toMatchObject({ sessions: 4, conversions: 3 });
  });

  it('answers 404 for an unknown goal', async () => {
    const res = await read(`/v1/sites/${SITE}/reports/channels?goal=goal_missing`, keys.read);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('goal') });
  });
});

describe('a funnel split by channel', () => {
  let funnelId: string;
  beforeAll(async () => {
    const res = await write('POST', '/funnels', {
      name: 'Signup to purchase',
      windowMs: 600 * S,
      steps: [
        { name: 'Signed up', matcher: { kind: 'event', name: 'signup' } },
        { name: 'Bought', matcher: { kind: 'purchase' } },
      ],
    });
    expect(res.status).toBe(201);
    funnelId = (await res.json<{ funnel: { id: string } }>()).funnel.id;
  });

  it('groups people by the channel of the session they entered in, those without a session row as unknown', async () => {
    const res = await read(`/v1/sites/${SITE}/funnels/${funnelId}/report?${range}&split=channel`, keys.read);
    expect(res.status).toBe(200);
    const report = await res.json<any>();
    expect(report.entered).toBe(4);
    expect(report.split.by).toBe('channel');
    const groups = Object.fromEntries(report.split.groups.map((g: any) => [g.group, { label: g.label, people: g.steps.map((s: any) => s.people) }]));
    expect(groups).toEqual({
      organic_search: { label: 'Organic search', people: [1, 1] },
      email: { label: 'Email', people: [1, 1] },
      direct: { label: 'Direct', people: [1, 0] },
      unknown: { label: 'Unknown (no session)', people: [1, 1] },
    });
  });

  it('refuses split=channel beside segment=, naming split, and split=segment without one, naming segment', async () => {
    const both = await read(`/v1/sites/${SITE}/funnels/${funnelId}/report?split=channel&segment=customers`, keys.read);
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ field: 'split' });
    const none = await read(`/v1/sites/${SITE}/funnels/${funnelId}/report?split=segment`, keys.read);
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ field: 'segment' });
    const bad = await read(`/v1/sites/${SITE}/funnels/${funnelId}/report?split=device`, keys.read);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'split' });
  });
});
