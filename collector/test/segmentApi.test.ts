import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { countRows, identify, ORIGIN, postEvents, read, seedSite } from './helpers';
import { fetchWorker } from './worker';

// The Segment-compatible API (routes/segmentApi.ts): Segment messages in, Hoptrail events stored.
const SITE = 'segment-shop';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
  await seedSite('segment-other');
});

const basic = (key: string) => `Basic ${btoa(`${key}:`)}`;

function send(path: string, body: unknown, key = keys.write) {
  return fetchWorker(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(key) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

type Journey = { events: { id: string; type: string; name: string | null; path: string | null; url: string | null; ts: number; props: Record<string, unknown> | null }[] };
const journeyOf = async (customerId: string) =>
  (await (await read(`/v1/sites/${SITE}/customers/${customerId}/journey`, keys.read)).json<Journey>()).events;
const customerOf = async (customerId: string) =>
  (await (await read(`/v1/sites/${SITE}/customers/${customerId}`, keys.read)).json<{ customer: { traits: Record<string, unknown>; visitorIds: string[] } }>()).customer;

describe('POST /v1/batch', () => {
  it('stores track, page, screen and identify under the customer, stitches the anonymous device, and a retry stores nothing twice', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const batch = {
      sentAt: iso(now),
      batch: [
        { type: 'page', messageId: 'm-page-1', anonymousId: 'anon-device-0001', name: 'Pricing', properties: { url: 'https://shop.example/pricing?utm_source=news&token=secret', title: 'Pricing' }, context: { campaign: { name: 'spring', source: 'news' }, locale: 'en-GB' }, timestamp: iso(now - 3000) },
        { type: 'identify', messageId: 'm-identify-1', anonymousId: 'anon-device-0001', userId: 'seg-cust-1', traits: { plan: 'pro', company: 'Acme' }, timestamp: iso(now - 2000) },
        { type: 'track', messageId: 'm-track-1', userId: 'seg-cust-1', event: 'Order Completed', properties: { total: 42, currency: 'EUR' }, timestamp: iso(now - 1000) },
        { type: 'screen', messageId: 'm-screen-1', userId: 'seg-cust-1', name: 'Settings', timestamp: iso(now - 500) },
      ],
    };
    const first = await send('/v1/batch', batch);
    expect(first.status).toBe(200);
    // The four messages and the one link of the anonymous device to the customer.
    expect(await first.json()).toEqual({ success: true, accepted: 5, duplicates: 0, refused: [] });

    const events = await journeyOf('seg-cust-1');
    const described = events.filter((e) => e.type !== 'identify').map((e) => `${e.type} ${e.type === 'pageview' ? e.path : e.name}`);
    expect(described).toEqual(['pageview /pricing', 'event Order Completed', 'pageview /Settings']);
    const page = events.find((e) => e.type === 'pageview')!;
    expect(page.url).toBe('https://shop.example/pricing?utm_source=news'); // minimal URLs as for every source
    expect(page.props).toEqual({ title: 'Pricing', lang: 'en-GB', utm: { source: 'news', campaign: 'spring' } });
    expect(events.find((e) => e.type === 'event')!.props).toEqual({ total: 42, currency: 'EUR' });
    const customer = await customerOf('seg-cust-1');
    expect(customer.traits).toEqual({ plan: 'pro', company: 'Acme' });
    expect(customer.visitorIds).toContain('anon-device-0001');

    const retry = await send('/v1/batch', batch);
    expect(await retry.json()).toEqual({ success: true, accepted: 0, duplicates: 5, refused: [] });
    expect(await countRows('events', "site = ? AND id LIKE 'seg:%'", SITE)).toBe(5);
  });

  it("corrects timestamps by the sender's clock skew (receivedAt − (sentAt − timestamp))", async () => {
    const hourAhead = Date.now() + 3_600_000; // the sender's clock runs an hour fast
    const res = await send('/v1/batch', {
      sentAt: new Date(hourAhead).toISOString(),
      batch: [{ type: 'track', messageId: 'm-skew-1', userId: 'seg-skew', event: 'Clicked', timestamp: new Date(hourAhead - 60_000).toISOString() }],
    });
    expect(res.status).toBe(200);
    const [event] = await journeyOf('seg-skew');
    expect(Math.abs(event.ts - (Date.now() - 60_000))).toBeLessThan(10_000);
  });

  it('stores the good messages of a batch and refuses each bad one by index, naming the field as Segment spells it', async () => {
    const res = await send('/v1/batch', {
      batch: [
        { type: 'track', messageId: 'm-bad-ok', userId: 'seg-mixed', event: 'Kept' },
        { type: 'track', messageId: 'm-bad-1', userId: 'seg-mixed' },
        { type: 'identify', messageId: 'm-bad-2', anonymousId: 'anon-no-user-0001', traits: { plan: 'free' } },
        { type: 'track', messageId: 'm-bad-3', userId: 'seg-mixed', event: 'Deep', properties: { a: { b: { c: { d: 1 } } } } },
        { type: 'page', messageId: 'm-bad-4', userId: 'seg-mixed', name: 'No URL' },
        { type: 'alias', messageId: 'm-bad-5', userId: 'seg-mixed' },
        { type: 'track', messageId: 'm-bad-6', anonymousId: 'customer:someone', event: 'Forged' },
        'not a message',
        { type: 'boost', messageId: 'm-bad-7', userId: 'seg-mixed' },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json<{ success: boolean; accepted: number; refused: { index: number; field: string; message: string }[] }>();
    expect(body.success).toBe(true);
    expect(body.accepted).toBe(1);
    expect(body.refused.map((r) => [r.index, r.field])).toEqual([
      [1, 'batch[1].event'],
      [2, 'batch[2].userId'],
      [3, 'batch[3].properties.a.b.c'],
      [4, 'batch[4].properties.url'],
      [5, 'batch[5].previousId'],
      [6, 'batch[6].anonymousId'],
      [7, 'batch[7]'],
      [8, 'batch[8].type'],
    ]);
    for (const r of body.refused) expect(r.message).toContain(r.field);
    expect((await journeyOf('seg-mixed')).map((e) => e.name)).toEqual(['Kept']);
  });

  it('answers 400 naming the field for a body that is not a batch, and 401 without the write key as Basic user name', async () => {
    const notJson = await send('/v1/batch', '{');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ field: 'body' });
    const empty = await send('/v1/batch', { batch: [] });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ field: 'batch' });
    const readKey = await send('/v1/batch', { batch: [{ type: 'track', userId: 'x', event: 'y' }] }, keys.read);
    expect(readKey.status).toBe(401);
    expect(await readKey.json()).toMatchObject({ field: 'authorization' });
  });

  it("writes only to the key's own site", async () => {
    const other = await seedSite('segment-own-site');
    const res = await send('/v1/batch', { batch: [{ type: 'track', messageId: 'm-own-1', userId: 'seg-own', event: 'Mine' }] }, other.write);
    expect(res.status).toBe(200);
    expect(await countRows('events', "id = 'seg:m-own-1' AND site = 'segment-own-site'")).toBe(1);
    expect(await countRows('events', "id = 'seg:m-own-1' AND site <> 'segment-own-site'")).toBe(0);
  });
});

describe('POST /v1/<type>', () => {
  it('identify and group are server truth: a page cannot overwrite them; group lands in the trait "group"', async () => {
    expect((await send('/v1/identify', { userId: 'seg-truth', traits: { plan: 'enterprise' }, messageId: 'm-truth-1' })).status).toBe(200);
    expect((await send('/v1/group', { userId: 'seg-truth', groupId: 'acme', traits: { name: 'Acme', employees: 40 }, messageId: 'm-truth-2' })).status).toBe(200);
    await postEvents({ events: [identify(SITE, 'page-visitor-0001', 'seg-truth', { plan: 'free', theme: 'dark' })] });
    expect((await customerOf('seg-truth')).traits).toEqual({ plan: 'enterprise', group: { name: 'Acme', employees: 40, id: 'acme' }, theme: 'dark' });
  });

  it('alias links the previous device id to the user', async () => {
    expect((await send('/v1/track', { anonymousId: 'anon-before-login', event: 'Browsed', messageId: 'm-alias-0' })).status).toBe(200);
    const res = await send('/v1/alias', { previousId: 'anon-before-login', userId: 'seg-aliased', messageId: 'm-alias-1' });
    expect(await res.json()).toEqual({ success: true, accepted: 1, duplicates: 0, refused: [] });
    expect((await journeyOf('seg-aliased')).map((e) => e.name)).toContain('Browsed');
  });

  it('a refused single message is a 400 naming the field', async () => {
    const res = await send('/v1/page', { userId: 'seg-single', messageId: 'm-single-1' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'properties.url' });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM events WHERE id = 'seg:m-single-1'").first('n')).toBe(0);
  });
});
