import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64url } from '../src/newsletter/base64url';
import { mac, signingKey } from '../src/newsletter/signingKey';
import { findAddress } from './addressEncodings';
import { countRows, ORIGIN, read, seedSite } from './helpers';
import { get, prepare, READER_UA, tokenOf, trackedUrls, type Prepared } from './newsletterHelpers';
import { fetchWorker } from './worker';

const SITE = 'private';
const RECIPIENTS = ['anna.lind+news@example.com', 'bo@shop-customers.example', 'chen@example.org'];
const OWN = 'https://shop.example/spring?utm_campaign=spring';
const PARTNER = 'https://partner.example/boots?ref=shop';
let keys: { read: string; write: string };
let mail: Prepared;
const ua = { headers: { 'user-agent': READER_UA } };

function putHosts(hosts: unknown, key = keys.write) {
  return fetchWorker(`${ORIGIN}/v1/sites/${SITE}/hosts`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hosts }),
  });
}

function land(token: string, visitorId: string) {
  return fetchWorker(`${ORIGIN}/v1/landing`, { method: 'POST', body: JSON.stringify([SITE, visitorId, token]) });
}

/** A click's redirect target and its ht_nl value (null when absent). */
async function follow(url: string) {
  const res = await get(url, ua);
  expect(res.status).toBe(302);
  const location = res.headers.get('location')!;
  return { location, identity: new URL(location).searchParams.get('ht_nl') };
}

function expectNoAddress(text: string) {
  expect(findAddress(text, RECIPIENTS), text).toBeNull();
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  const html = `<html><body><a href="${OWN}">Spring</a> <a href="${PARTNER}">Boots at our partner</a></body></html>`;
  ({ body: mail } = await prepare(SITE, keys.write, { campaign: 'spring', html, text: `Spring: ${OWN}\n`, recipients: RECIPIENTS, sentAt: Date.now() - 3600_000 }));
  expect((await putHosts(['shop.example'])).status).toBe(200);
});

describe('newsletter links carry no personal data', () => {
  it('no token, tracked URL, pixel URL or redirect Location holds a recipient address in any encoding', async () => {
    expect(mail.tokens!.map((t) => t.recipient)).toEqual(RECIPIENTS);
    const seen: string[] = [];
    for (const address of RECIPIENTS) {
      const token = tokenOf(mail, address);
      const { opens, clicks } = trackedUrls(mail, token);
      expect(opens).toHaveLength(1);
      expect(clicks).toHaveLength(2);
      seen.push(token, ...opens, ...clicks, mail.text!.split(mail.mergeTag).join(token));
      for (const click of clicks) seen.push((await follow(click)).location);
    }
    // Guard against a vacuous pass: the checks do find an address that is there.
    expect(() => expectNoAddress(`https://x.example/c/${Buffer.from(`xy${RECIPIENTS[0]}`).toString('base64url')}`)).toThrow();
    for (const text of seen) expectNoAddress(text);
  });

  it('the report and the customer card still say who opened and clicked (read key)', async () => {
    const [anna] = RECIPIENTS;
    await get(trackedUrls(mail, tokenOf(mail, anna)).opens[0], ua);
    const report = await (await read(`/v1/sites/${SITE}/newsletters/spring`, keys.read)).json<any>();
    expect(report.sentTo).toBe(3);
    expect(report.opens.humanCustomers).toEqual([anna]);
    expect(report.clicks.links.map((l: { customers: string[] }) => l.customers)).toEqual([RECIPIENTS, RECIPIENTS]);
    const journey = await (await read(`/v1/sites/${SITE}/customers/${encodeURIComponent(anna)}/journey`, keys.read)).json<any>();
    const steps = journey.events.filter((e: { type: string }) => e.type.startsWith('newsletter_'));
    expect(steps.map((e: { type: string }) => e.type)).toEqual(['newsletter_received', 'newsletter_click', 'newsletter_click', 'newsletter_open']);
    expect(steps.every((e: { props: { recipient: string } }) => e.props.recipient === anna)).toBe(true);
  });
});

describe('the landing identity goes only to the site\'s own hosts', () => {
  it('a click to a third-party host gets the plain prepared URL; one to the site lands identified', async () => {
    const [, bo] = RECIPIENTS;
    const [own, partner] = trackedUrls(mail, tokenOf(mail, bo)).clicks;
    const toPartner = await follow(partner);
    expect(toPartner.location).toBe(PARTNER);
    const toShop = await follow(own);
    expect(toShop.identity).toMatch(/^[A-Za-z0-9_-]{30,}$/);
    expect(await (await land(toShop.identity!, 'browser-of-bo-0001')).json()).toEqual({ identified: true });
    const customer = await (await read(`/v1/sites/${SITE}/customers/${encodeURIComponent(bo)}`, keys.read)).json<any>();
    expect(customer.customer.visitorIds.sort()).toEqual(['browser-of-bo-0001', `customer:${bo}`]);
  });

  it('without a declared list, the hosts the SDK sent page views from are the site\'s own', async () => {
    const [, , chen] = RECIPIENTS;
    const [own, partner] = trackedUrls(mail, tokenOf(mail, chen)).clicks;
    expect(await (await putHosts([])).json()).toEqual({ hosts: [], source: 'seen' });
    expect((await follow(own)).identity).toBeNull();
    const view = { id: 'private-view-0001', site: SITE, type: 'pageview', visitorId: 'site-visitor-0001', sessionId: 'session-0001', seq: 0, ts: Date.now(), url: 'https://shop.example/', props: {} };
    expect((await fetchWorker(`${ORIGIN}/v1/events`, { method: 'POST', body: JSON.stringify({ events: [view] }) })).status).toBe(200);
    expect(await (await read(`/v1/sites/${SITE}/hosts`, keys.read)).json()).toEqual({ hosts: ['shop.example'], source: 'seen' });
    expect((await follow(own)).identity).not.toBeNull();
    expect((await follow(partner)).identity).toBeNull();
  });

  it('a declared list replaces the seen hosts: exact names, and *.name for subdomains only', async () => {
    const [own, partner] = trackedUrls(mail, tokenOf(mail, RECIPIENTS[2])).clicks;
    expect(await (await putHosts(['*.shop.example', 'Partner.Example'])).json()).toEqual({ hosts: ['*.shop.example', 'partner.example'], source: 'declared' });
    expect((await follow(own)).identity).toBeNull();
    expect((await follow(partner)).identity).not.toBeNull();
    await putHosts(['www.example', '*.example']);
    expect((await follow(own)).identity).not.toBeNull();
    expect((await putHosts(['shop.example'])).status).toBe(200);
  });

  it('answers 400 naming the field for a bad host list, 401 without a write key', async () => {
    for (const [hosts, field] of [[['shop.example', 'https://shop.example/'], 'hosts[1]'], [['shop.example:8080'], 'hosts[0]'], [['*.'], 'hosts[0]'], ['shop.example', 'hosts']] as const) {
      const res = await putHosts(hosts);
      expect(res.status).toBe(400);
      expect((await res.json<{ field: string }>()).field).toBe(field);
    }
    expect((await putHosts(['shop.example'], keys.read)).status).toBe(401);
    expect((await read(`/v1/sites/${SITE}/hosts`)).status).toBe(401);
    expect(await (await read(`/v1/sites/${SITE}/hosts`, keys.read)).json()).toEqual({ hosts: ['shop.example'], source: 'declared' });
  });
});

// The format before refs, written out from its specification: base64url([recipient id][MAC 16]),
// the MAC over 'R' + site + campaign + id; the identity parameter version 1 with the id in clear.
const enc = new TextEncoder();
const short = (text: string) => [text.length, ...enc.encode(text)];
async function oldRecipientToken(site: string, campaign: string, id: string) {
  const key = await signingKey(env.NEWSLETTER_SECRET);
  const bytes = enc.encode(id);
  return toBase64url(new Uint8Array([...bytes, ...(await mac(key, new Uint8Array([0x52, ...short(site), ...short(campaign), ...bytes])))]));
}
async function oldIdentity(site: string, campaign: string, id: string) {
  const key = await signingKey(env.NEWSLETTER_SECRET);
  const expires = Math.floor(Date.now() / 1000) + 600;
  const payload = new Uint8Array([0x10, expires >>> 24, (expires >>> 16) & 255, (expires >>> 8) & 255, expires & 255, ...short(site), ...short(campaign), ...enc.encode(id)]);
  return toBase64url(new Uint8Array([...payload, ...(await mac(key, new Uint8Array([0x49, ...payload])))]));
}

describe('tokens of campaigns sent before refs', () => {
  it('still count: opens and clicks recorded, and the click lands identified with a ref', async () => {
    const id = 'dora@example.com';
    await prepare(SITE, keys.write, { campaign: 'autumn', html: `<a href="${OWN}">x</a>`, recipients: [id], sentAt: Date.now() - 3600_000 });
    // As the migration left it: a recipient stored without a ref.
    await env.DB.prepare("UPDATE newsletter_recipients SET ref = NULL WHERE site = ? AND campaign = 'autumn'").bind(SITE).run();
    const prepared = (await prepare(SITE, keys.write, { campaign: 'autumn', html: `<a href="${OWN}">x</a>` })).body;
    const { opens, clicks } = trackedUrls(prepared, await oldRecipientToken(SITE, 'autumn', id));
    expect((await get(opens[0], ua)).status).toBe(200);
    const { identity } = await follow(clicks[0]);
    expect(identity).not.toBeNull();
    expectNoAddress(identity!);
    expect(await (await land(identity!, 'browser-of-dora-01')).json()).toEqual({ identified: true });
    const report = await (await read(`/v1/sites/${SITE}/newsletters/autumn`, keys.read)).json<any>();
    expect(report).toMatchObject({ sentTo: 1, opens: { humanCustomers: [id] }, clicks: { uniqueClickers: 1 } });
    expect(await countRows('newsletter_recipients', "site = ? AND campaign = 'autumn' AND ref IS NOT NULL", SITE)).toBe(1);
  });

  it('an identity parameter of the old format still identifies the browser', async () => {
    const res = await land(await oldIdentity(SITE, 'autumn', 'dora@example.com'), 'browser-of-dora-02');
    expect(await res.json()).toEqual({ identified: true });
  });
});

describe('an erased recipient', () => {
  it('still reaches the page from an old mail, and nothing is recorded about them', async () => {
    const [anna] = RECIPIENTS;
    const erased = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/customers/${encodeURIComponent(anna)}`, { method: 'DELETE', headers: { authorization: `Bearer ${keys.write}` } });
    expect(erased.status).toBe(200);
    const { opens, clicks } = trackedUrls(mail, tokenOf(mail, anna));
    await get(opens[0], ua);
    expect(await follow(clicks[0])).toEqual({ location: OWN, identity: null });
    expect(await countRows('events', 'site = ? AND visitor_id = ?', SITE, `customer:${anna}`)).toBe(0);
  });

  it('is not recorded from a mail sent before refs either', async () => {
    const dora = 'dora@example.com';
    await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/customers/${encodeURIComponent(dora)}`, { method: 'DELETE', headers: { authorization: `Bearer ${keys.write}` } });
    const prepared = (await prepare(SITE, keys.write, { campaign: 'autumn', html: `<a href="${OWN}">x</a>` })).body;
    const { opens, clicks } = trackedUrls(prepared, await oldRecipientToken(SITE, 'autumn', dora));
    await get(opens[0], ua);
    expect(await follow(clicks[0])).toEqual({ location: OWN, identity: null });
    expect(await countRows('events', 'site = ? AND visitor_id = ?', SITE, `customer:${dora}`)).toBe(0);
  });
});
