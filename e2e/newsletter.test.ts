import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { findAddress } from '../collector/test/addressEncodings';
import { launchBrowser, type Browser } from './lib/browser';
import { DEV_READ_KEY, type ApiEvent } from './lib/journey';

const collector = inject('collectorUrl');
const DEV_WRITE_KEY = 'demo-write-key';
// A mail client's user agent: headless Chromium's own ("HeadlessChrome") is, rightly, a scanner.
const READER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
let browser: Browser;
// The partner's site (no network here): a stand-in server that Chromium resolves partner.example to
// (ARGS' host rule). A real navigation: request interception does not follow a redirect everywhere.
let partnerSite: Server;
beforeAll(async () => {
  partnerSite = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Partner</title>Boots'));
  await new Promise<void>((r) => partnerSite.listen(0, '127.0.0.1', r));
});
afterAll(() => new Promise<void>((r) => partnerSite.close(() => r())));

beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser?.close();
});

/** The customer's journey once `done` holds for it (polled), or as it stands after 20 s. */
async function customerJourney(customerId: string, done: (events: ApiEvent[]) => boolean): Promise<ApiEvent[]> {
  const deadline = Date.now() + 20_000;
  let events: ApiEvent[] = [];
  while (Date.now() < deadline) {
    const res = await fetch(`${collector}/v1/sites/demo/customers/${encodeURIComponent(customerId)}/journey?limit=1000`, {
      headers: { authorization: `Bearer ${DEV_READ_KEY}` },
    });
    if (res.ok) events = ((await res.json()) as { events: ApiEvent[] }).events;
    if (done(events)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return events;
}

describe('newsletter to site visit, in a real browser', () => {
  it('puts received, open, clicks and the pageviews that follow into one journey; no URL holds the address; ht_nl only on the site', async () => {
    const recipient = `reader-${Date.now()}@example.com`;
    const campaign = `e2e-${Date.now()}`;
    const partnerOrigin = `http://partner.example:${(partnerSite.address() as AddressInfo).port}`;
    const partner = `${partnerOrigin}/boots?ref=newsletter`;
    const res = await fetch(`${collector}/v1/sites/demo/newsletters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEV_WRITE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        campaign,
        html: `<html><body><h1>Spring sale</h1><a id="cta" href="${collector}/pricing?utm_source=newsletter&amp;utm_campaign=${campaign}">See prices</a>
          <a id="partner" href="${partner}">Boots at our partner</a></body></html>`,
        recipients: [recipient],
        sentAt: Date.now() - 3600_000,
      }),
    });
    expect(res.status).toBe(200);
    const prepared = (await res.json()) as { html: string; mergeTag: string; tokens: { token: string }[] };
    // What the email tool sends this recipient: the merge field filled with their token.
    const mail = prepared.html.split(prepared.mergeTag).join(prepared.tokens[0].token);

    const page = await browser.newPage();
    await page.setExtraHTTPHeaders({ 'user-agent': READER_UA });
    // Everything the browser asks for, and every redirect it is sent, must be free of the address.
    const seen: string[] = [];
    page.on('request', (r) => seen.push(r.url()));
    page.on('response', (r) => seen.push(r.headers()['location'] ?? ''));

    const pixel = page.waitForResponse((r) => r.url().includes('/o/'));
    await page.setContent(mail);
    expect((await pixel).status()).toBe(200);
    // A link to another site gets the plain address: no identity for a third party.
    const toPartner = page.waitForRequest((r) => r.url().startsWith(`${partnerOrigin}/`));
    await page.click('#partner');
    expect((await toPartner).url()).toBe(partner);
    await page.waitForURL(partner, { waitUntil: 'commit' });

    // The reader opens the mail again and follows the link to the shop.
    await page.setContent(mail);
    const landing = page.waitForRequest((r) => r.url().startsWith(`${collector}/pricing`));
    await page.click('#cta');
    expect(new URL((await landing).url()).searchParams.get('ht_nl')).toMatch(/^[A-Za-z0-9_-]{30,}$/);
    // Ready is the SDK having replayed the snippet's queue, not the load event (which waits for every
    // subresource; on a busy CI machine that once took over 30 s).
    await page.waitForURL('**/pricing?**', { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as any).hoptrail && !(window as any).hoptrail.q);
    // The identity parameter is gone from the address bar; the rest of the query is intact.
    expect(page.url()).toBe(`${collector}/pricing?utm_source=newsletter&utm_campaign=${campaign}`);
    const visitorId = await page.evaluate(() => (window as any).hoptrail.visitorId() as string);
    await page.click('#choose-pro');
    await page.click('a[href="/app/"]');
    await page.waitForURL('**/app/', { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as any).hoptrail && !(window as any).hoptrail.q);
    await page.evaluate(() => (window as any).hoptrail.flush());

    const steps = (events: ApiEvent[]) => events.filter((e) => e.type !== 'identify' && e.type !== 'vital');
    const journey = await customerJourney(recipient, (events) => steps(events).filter((e) => e.type !== 'newsletter_open').length >= 7 && events.some((e) => e.type === 'identify'));
    const described = steps(journey).map((e) => (e.type === 'pageview' ? `pageview ${e.path}` : `${e.type} ${e.name}`));
    // The second reading may come from the browser's image cache (no second open): opens are checked apart.
    expect(described.filter((d) => !d.startsWith('newsletter_open'))).toEqual([
      `newsletter_received ${campaign}`,
      `newsletter_click ${campaign}`,
      `newsletter_click ${campaign}`,
      'pageview /pricing',
      'event pricing_viewed',
      'event plan_chosen',
      'pageview /app/',
    ]);
    expect(described[1]).toBe(`newsletter_open ${campaign}`);
    const clicks = journey.filter((e) => e.type === 'newsletter_click').map((e) => e.props!.url);
    // Stored as minimal URLs: the partner's own `ref` parameter is not kept, utm_* are.
    expect(clicks).toEqual([`${partnerOrigin}/boots`, `${collector}/pricing?utm_source=newsletter&utm_campaign=${campaign}`]);
    const identify = journey.find((e) => e.type === 'identify')!;
    expect(identify.props).toEqual({ customerId: recipient });
    expect(new Set(journey.map((e) => (e as ApiEvent & { visitorId: string }).visitorId))).toEqual(new Set([`customer:${recipient}`, visitorId]));
    expect(journey.find((e) => e.type === 'pageview')!.url).not.toContain('ht_nl');

    expect(seen.filter((u) => u.includes('/o/') || u.includes('/c/')).length).toBeGreaterThanOrEqual(4);
    for (const url of seen) expect(findAddress(url, [recipient]), url).toBeNull();

    const report = await (await fetch(`${collector}/v1/sites/demo/newsletters/${campaign}`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } })).json();
    expect(report).toMatchObject({ sentTo: 1, opens: { uniqueHuman: 1, humanCustomers: [recipient] }, visits: { clickers: 1, visited: 1, clickToVisitRate: 1, visitors: [visitorId] } });
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });
});
