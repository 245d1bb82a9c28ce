import { beforeAll, describe, expect, it } from 'vitest';
import { countRows, customEvent, identify, ORIGIN, pageview, postEvents, read, refusedFields, seedSite } from './helpers';
import { drained, outcome } from './ingestOutcome';
import { get, prepare, READER_UA } from './newsletterHelpers';
import type { HoptrailEvent } from '../src/schema/event';
import { fetchWorker } from './worker';

const SITE = 'revenue-shop';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

const purchase = (visitorId: string, props: Record<string, unknown>, over: Partial<HoptrailEvent> = {}) =>
  customEvent(SITE, visitorId, { type: 'purchase', name: undefined, props, ...over } as Partial<HoptrailEvent>);

function serverEvents(events: unknown[]) {
  return drained(() =>
    fetchWorker(`${ORIGIN}/v1/sites/${SITE}/server-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.write}` },
      body: JSON.stringify({ events }),
    }),
  );
}

async function lifetimeValue(customerId: string) {
  const res = await read(`/v1/sites/${SITE}/customers/${customerId}`, keys.read);
  expect(res.status).toBe(200);
  return (await res.json<{ lifetimeValue: unknown[] }>()).lifetimeValue;
}

describe('purchases and refunds', () => {
  it('accepts a purchase from the browser and counts it on the customer card', async () => {
    const res = await postEvents({
      events: [identify(SITE, 'browser-ltv-0001', 'ltv-ada'), purchase('browser-ltv-0001', { value: 49.9, currency: 'EUR', orderId: 'A-1001' })],
    });
    expect(await refusedFields(res)).toEqual([]);
    expect(await lifetimeValue('ltv-ada')).toEqual([{ currency: 'EUR', orders: 1, gross: 49.9, refunded: 0, net: 49.9 }]);
  });

  it('refuses a purchase whose props are wrong, naming the field, and a refund sent from a page', async () => {
    const res = await postEvents({
      events: [
        purchase('browser-ltv-0002', { value: 10, currency: 'euro', orderId: 'B-1' }),
        purchase('browser-ltv-0002', { value: -1, currency: 'EUR', orderId: 'B-2' }),
        purchase('browser-ltv-0002', { value: 10, currency: 'EUR' }),
        purchase('browser-ltv-0002', { value: 10, currency: 'EUR', orderId: 'B-3', coupon: 'X' }),
        { ...purchase('browser-ltv-0002', { value: 10, currency: 'EUR', orderId: 'B-4' }), type: 'refund' },
      ],
    });
    expect(await refusedFields(res)).toEqual([
      'events[0].props.currency',
      'events[1].props.value',
      'events[2].props.orderId',
      'events[3].props',
      'events[4].type',
    ]);
    expect(await countRows('orders', 'site = ?', SITE)).toBe(1);
  });

  it('counts an order id once per site: a second purchase with the same order id is kept as an event but adds no revenue', async () => {
    const now = Date.now();
    await postEvents({ events: [identify(SITE, 'browser-ltv-0003', 'ltv-grace'), purchase('browser-ltv-0003', { value: 120, currency: 'EUR', orderId: 'G-1' }, { ts: now - 5000 })] });
    // The shop's server reports the same order again (and a new one), by customer id.
    const res = await serverEvents([
      { id: 'ord-g-1', type: 'purchase', customerId: 'ltv-grace', ts: now - 4000, props: { value: 120, currency: 'EUR', orderId: 'G-1' } },
      { id: 'ord-g-2', type: 'purchase', customerId: 'ltv-grace', ts: now - 3000, props: { value: 30, currency: 'USD', orderId: 'G-2' } },
    ]);
    expect(await outcome(res)).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await countRows('events', "site = ? AND type = 'purchase' AND props->>'orderId' = 'G-1'", SITE)).toBe(2);
    // Per currency, never converted.
    expect(await lifetimeValue('ltv-grace')).toEqual([
      { currency: 'EUR', orders: 1, gross: 120, refunded: 0, net: 120 },
      { currency: 'USD', orders: 1, gross: 30, refunded: 0, net: 30 },
    ]);
  });

  it('nets refunds from servers against the order they name, partial refunds adding up', async () => {
    const now = Date.now();
    await serverEvents([
      { id: 'ord-h-1', type: 'purchase', customerId: 'ltv-hedy', ts: now - 9000, props: { value: 200, currency: 'EUR', orderId: 'H-1' } },
      { id: 'ref-h-1a', type: 'refund', customerId: 'ltv-hedy', ts: now - 8000, props: { value: 50, currency: 'EUR', orderId: 'H-1' } },
      { id: 'ref-h-1b', type: 'refund', customerId: 'ltv-hedy', ts: now - 7000, props: { value: 25.5, currency: 'EUR', orderId: 'H-1' } },
    ]);
    // A retried refund is stored once (the event id), so it is netted once.
    await serverEvents([{ id: 'ref-h-1a', type: 'refund', customerId: 'ltv-hedy', ts: now - 8000, props: { value: 50, currency: 'EUR', orderId: 'H-1' } }]);
    expect(await lifetimeValue('ltv-hedy')).toEqual([{ currency: 'EUR', orders: 1, gross: 200, refunded: 75.5, net: 124.5 }]);
  });

  it('shows the net revenue per currency as the monetary column of the visitor export', async () => {
    await postEvents({ events: [pageview(SITE, 'browser-ltv-0009')] });
    const res = await read(`/v1/sites/${SITE}/exports/visitors?format=ndjson`, keys.read);
    expect(res.status).toBe(200);
    const rows = new TextDecoder().decode(await res.arrayBuffer()).trim().split('\n').map((l) => JSON.parse(l));
    const grace = rows.filter((r) => r.customerId === 'ltv-grace');
    expect(grace.length).toBeGreaterThan(0);
    for (const r of grace) expect(r.monetary).toEqual({ EUR: 120, USD: 30 });
    expect(rows.find((r) => r.visitorId === 'customer:ltv-hedy').monetary).toEqual({ EUR: 124.5 });
    expect(rows.find((r) => r.visitorId === 'browser-ltv-0009').monetary).toEqual({});
  });
});

describe('revenue of a newsletter campaign', () => {
  it('counts purchases in the session a click started, not those of other sessions', async () => {
    const hosts = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/hosts`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hosts: ['shop.example'] }),
    });
    expect(hosts.status).toBe(200);
    const { body: mail } = await prepare(SITE, keys.write, {
      campaign: 'autumn',
      html: '<body><a href="https://shop.example/sale">Sale</a></body>',
      recipients: ['nl-ada'],
      sentAt: Date.now() - 3600_000,
    });
    const token = mail.tokens!.find((t) => t.recipient === 'nl-ada')!.token;
    const click = [...mail.html!.matchAll(/href="([^"]*\/c\/[^"]*)"/g)].map((m) => m[1].split(mail.mergeTag).join(token))[0];
    const landing = await get(click, { headers: { 'user-agent': READER_UA } });
    const ht = new URL(landing.headers.get('location')!).searchParams.get('ht_nl')!;
    const browser = 'browser-nl-ada-01';
    const landed = await fetchWorker(`${ORIGIN}/v1/landing`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify([SITE, browser, ht]) });
    expect(landed.status).toBe(200);
    const now = Date.now();
    // The landing session: a pageview and a purchase. A later session: another purchase, not the campaign's.
    await postEvents({
      events: [
        pageview(SITE, browser, { sessionId: 'session-nl-1', ts: now, url: 'https://shop.example/sale' }),
        purchase(browser, { value: 80, currency: 'EUR', orderId: 'NL-1' }, { sessionId: 'session-nl-1', ts: now + 1 }),
        pageview(SITE, browser, { sessionId: 'session-nl-2', ts: now + 2 }),
        purchase(browser, { value: 999, currency: 'EUR', orderId: 'NL-2' }, { sessionId: 'session-nl-2', ts: now + 3 }),
      ],
    });
    const res = await read(`/v1/sites/${SITE}/newsletters/autumn`, keys.read);
    expect(res.status).toBe(200);
    expect((await res.json<{ revenue: unknown }>()).revenue).toEqual([{ currency: 'EUR', orders: 1, gross: 80, refunded: 0, net: 80 }]);
  });
});
