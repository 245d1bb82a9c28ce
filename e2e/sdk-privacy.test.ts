import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type Browser } from './lib/browser';
import { startFixtureServer, type FixtureServer } from './lib/fixtureServer';
import { DEV_READ_KEY, describeEvents, waitForJourney } from './lib/journey';
import { findJourneyWith, flush, ready, storedKeys, track } from './lib/sdkPage';

const collector = inject('collectorUrl');
let browser: Browser;
let site: FixtureServer;
declare const hoptrail: { identify(id: string, traits?: object): void; consent(s: string): void; visitorId(): string };

beforeAll(async () => {
  site = await startFixtureServer(collector);
});
afterAll(() => site.close());
beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser?.close();
});

const customerExists = async (customerId: string) =>
  (await fetch(`${collector}/v1/sites/demo/customers/${customerId}`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } })).status === 200;

describe('privacy by default', () => {
  it('GPC on: counted cookieless with a daily-hashed id, nothing stored on the device, never identified', async () => {
    await browser.context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }),
    );
    const marker = `gpc_${randomUUID().slice(0, 8)}`;
    const customer = `cust-gpc-${randomUUID().slice(0, 8)}`;
    const page = await browser.newPage();
    await page.goto(`${site.url}/sdk-gpc`);
    expect(await ready(page)).toBe('cookieless');
    await track(page, marker);
    await page.evaluate((c) => hoptrail.identify(c, { plan: 'pro' }), customer);
    await flush(page);

    const { visitorId, events } = await findJourneyWith(collector, marker);
    expect(visitorId).toMatch(/^anon:[0-9a-f]{32}$/);
    expect(describeEvents(events)).toEqual(['pageview /sdk-gpc', `event ${marker}`]);
    expect(await storedKeys(page)).toEqual([]);
    expect(await customerExists(customer)).toBe(false);
  });

  it('consent required: cookieless while undecided or denied; after consent granted, a first-party id', async () => {
    const before = `before_consent_${randomUUID().slice(0, 8)}`;
    const customer = `cust-consent-${randomUUID().slice(0, 8)}`;
    const page = await browser.newPage();
    await page.goto(`${site.url}/sdk-consent`);
    expect(await ready(page)).toBe('cookieless');
    await track(page, before);
    await page.evaluate(() => hoptrail.consent('denied'));
    await track(page, 'after_denied');
    expect(await storedKeys(page)).toEqual(['hoptrail_consent']);

    await page.evaluate(() => hoptrail.consent('granted'));
    const visitorId = await page.evaluate(() => hoptrail.visitorId());
    expect(visitorId).toMatch(/^[0-9a-f-]{36}$/);
    await track(page, 'after_granted');
    await page.evaluate((c) => hoptrail.identify(c), customer);
    await flush(page);

    const journey = await waitForJourney(collector, visitorId, 2);
    expect(describeEvents(journey)).toEqual(['event after_granted', 'identify null']);
    expect(await customerExists(customer)).toBe(true);
    // What happened before consent was counted, anonymously, under the collector's daily hash.
    const anonymous = await findJourneyWith(collector, before);
    expect(anonymous.visitorId).toMatch(/^anon:/);
    // (The daily hash is per browser and day, so this profile's other cookieless visits share it.)
    const onThisPage = anonymous.events.filter((e) => e.path === '/sdk-consent');
    expect(describeEvents(onThisPage)).toEqual(['pageview /sdk-consent', `event ${before}`, 'event after_denied']);
    expect(await storedKeys(page)).toContain('hoptrail_vid');

    // The choice is remembered: the next page load starts with the same visitor, no banner needed.
    await page.reload();
    expect(await ready(page)).toBe(visitorId);
  });

  it('optOut() stops everything and is remembered across page loads; excluded hosts send nothing', async () => {
    const page = await browser.newPage();
    // The fixture server answers on localhost and 127.0.0.1; the fixture excludes 127.0.0.1.
    await page.goto(`${site.url}/sdk-opt-out`);
    const visitorId = await ready(page);
    await flush(page);
    await page.evaluate(() => (hoptrail as unknown as { optOut(): void }).optOut());
    await page.click('#buy');
    await flush(page);
    await page.reload();
    await ready(page);
    await page.click('#buy');
    await flush(page);
    const sentBefore = site.batches.length;

    const excluded = await browser.newPage();
    await excluded.goto(`${site.url.replace('localhost', '127.0.0.1')}/sdk-opt-out`);
    await ready(excluded);
    await excluded.click('#buy');
    await flush(excluded);

    const journey = await waitForJourney(collector, visitorId, 1);
    expect(describeEvents(journey)).toEqual(['pageview /sdk-opt-out']);
    expect(site.batches.length).toBe(sentBefore);
    expect(site.batches.flatMap((b) => b.events).some((e) => e.name === 'buy_clicked')).toBe(false);
  });
});
