import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../src/ingest/ingestEvents';
import { countRows, customEvent, identify, pageview, postEvents, read, refusedFields, seedSite } from './helpers';

const SITE = 'identity-site';
let key: string;

interface CustomerJourney {
  customer: { customerId: string; traits: Record<string, unknown>; visitorIds: string[] };
  events: { visitorId: string; type: string; name: string | null; ts: number }[];
}

beforeAll(async () => {
  key = (await seedSite(SITE)).read;
});

describe('identify and the customer journey', () => {
  it('merges every device that identified as the customer, in time order, including events from before identify', async () => {
    const t = Date.now() - 100_000;
    // Laptop: browses anonymously, then logs in.
    await postEvents({
      events: [
        pageview(SITE, 'laptop-visitor', { ts: t }),
        customEvent(SITE, 'laptop-visitor', { ts: t + 10, name: 'cart_added' }),
        identify(SITE, 'laptop-visitor', 'cust-42', { plan: 'free', email_hash: 'abc' }, { ts: t + 20 }),
      ],
    });
    // Phone: logs in later, as the same customer.
    await postEvents({
      events: [
        pageview(SITE, 'phone-visitor', { ts: t + 5 }),
        identify(SITE, 'phone-visitor', 'cust-42', { plan: 'pro' }, { ts: t + 30 }),
        customEvent(SITE, 'phone-visitor', { ts: t + 40, name: 'checkout_completed' }),
      ],
    });
    // Someone else entirely.
    await postEvents({ events: [pageview(SITE, 'other-visitor', { ts: t + 7 })] });

    const res = await read(`/v1/sites/${SITE}/customers/cust-42/journey`, key);
    expect(res.status).toBe(200);
    const body = await res.json<CustomerJourney>();
    expect(body.customer.visitorIds).toEqual(['laptop-visitor', 'phone-visitor']);
    // Traits merge; a later identify overrides a key.
    expect(body.customer.traits).toEqual({ plan: 'pro', email_hash: 'abc' });
    expect(body.events.map((e) => `${e.visitorId}:${e.type}:${e.name ?? ''}`)).toEqual([
      'laptop-visitor:pageview:',
      'phone-visitor:pageview:',
      'laptop-visitor:event:cart_added',
      'laptop-visitor:identify:',
      'phone-visitor:identify:',
      'phone-visitor:event:checkout_completed',
    ]);
  });

  it('shows the customer on the visitor in the visitors list', async () => {
    const list = await (await read(`/v1/sites/${SITE}/visitors`, key)).json<{ visitors: { visitorId: string; customerId: string | null }[] }>();
    const byId = Object.fromEntries(list.visitors.map((v) => [v.visitorId, v.customerId]));
    expect(byId).toMatchObject({ 'laptop-visitor': 'cust-42', 'phone-visitor': 'cust-42', 'other-visitor': null });
  });

  it('does not duplicate identities or traits when an identify batch is retried', async () => {
    const batch = { events: [identify(SITE, 'retry-visitor', 'cust-7', { tier: 'gold' })] };
    await postEvents(batch);
    const again = await postEvents(batch);
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, refused: [] });
    expect(await countRows('identities', "customer_id = 'cust-7'")).toBe(1);
    expect(await countRows('customers', "customer_id = 'cust-7'")).toBe(1);
  });

  it('answers 404 for a customer nobody identified as', async () => {
    expect((await read(`/v1/sites/${SITE}/customers/nobody/journey`, key)).status).toBe(404);
  });

  it('refuses an identify without a customer id, naming the field', async () => {
    const bad = identify(SITE, 'bad-identify', 'x');
    (bad.props as Record<string, unknown>).customerId = '';
    const res = await postEvents({ events: [bad] });
    expect(await refusedFields(res)).toEqual(['events[0].props.customerId']);
  });
});

describe('events keyed by customer (server-side sources)', () => {
  it('puts customer:<id> events into that customer journey next to the browser events', async () => {
    const t = Date.now() - 50_000;
    await postEvents({ events: [pageview(SITE, 'browser-of-99', { ts: t }), identify(SITE, 'browser-of-99', 'cust-99', undefined, { ts: t + 1 })] });
    // What the newsletter pixel or the server API stores for cust-99 (the same ingest path).
    await ingestEvents(env.DB, { site: SITE, source: 'server', events: [customEvent(SITE, 'customer:cust-99', { ts: t + 2, name: 'server_side_thing' })], receivedAt: Date.now() });
    const body = await (await read(`/v1/sites/${SITE}/customers/cust-99/journey`, key)).json<CustomerJourney>();
    expect(body.customer.visitorIds).toEqual(['browser-of-99', 'customer:cust-99']);
    expect(body.events.map((e) => e.name ?? e.type)).toEqual(['pageview', 'identify', 'server_side_thing']);
  });

  it('creates the customer when the first thing known of them is a server-side event', async () => {
    await ingestEvents(env.DB, { site: SITE, source: 'server', events: [customEvent(SITE, 'customer:only-server', { name: 'ticket_like' })], receivedAt: Date.now() });
    const res = await read(`/v1/sites/${SITE}/customers/only-server`, key);
    expect(res.status).toBe(200);
    expect((await res.json<{ customer: { visitorIds: string[] } }>()).customer.visitorIds).toEqual(['customer:only-server']);
  });
});

describe('what pages may not send', () => {
  it('refuses events written into a customer:<id> visitor from the browser ingest', async () => {
    const res = await postEvents({ events: [customEvent(SITE, 'customer:cust-42', { name: 'forged' })] });
    expect(await refusedFields(res)).toEqual(['events[0].visitorId']);
  });
});
