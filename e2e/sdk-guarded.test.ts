import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './lib/browser';
import { startFixtureServer, type FixtureServer } from './lib/fixtureServer';
import { describeEvents, waitForJourney } from './lib/journey';
import { flush, navigated, ready } from './lib/sdkPage';

const collector = inject('collectorUrl');
let browser: Browser;
let site: FixtureServer;
type Api = {
  track(n: string, p?: object): void;
  identify(id: string, t?: object): void;
  consent(s: string): void;
  optOut(): void;
  survey(id: string): void;
  chat: { started(o: object): void; message(o: object): void; ended(o: object): void };
  flush(): Promise<void>;
};
declare const hoptrail: Api;
declare const __errors: string[];

beforeAll(async () => {
  site = await startFixtureServer(collector);
});
afterAll(() => site.close());
beforeEach(async () => {
  site.setCollectorUp(true);
  browser = await launchBrowser();
  // The spy, before any page script: what reaches window.onerror and unhandledrejection.
  await browser.context.addInitScript(() => {
    const errors: string[] = ((window as unknown as { __errors: string[] }).__errors = []);
    window.onerror = (message, source, line) => void errors.push(`${message} at ${source}:${line}`);
    addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${e.reason?.stack ?? e.reason}`));
  });
});
afterEach(async () => {
  await browser?.close();
});

const errorsOf = (page: Page) => page.evaluate(() => __errors);
/** Every request the page makes to the collector (through the fixture's proxy, or to the collector itself). */
function collectorRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith(`${site.url}/collector/`) || url.startsWith(collector)) seen.push(`${r.method()} ${url}`);
  });
  return seen;
}

describe('the SDK never throws into the page', () => {
  it('views (SPA included), track, identify, chat, survey, consent, collector down and offline: no error reaches window.onerror or unhandledrejection', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/sdk-guarded`);
    const visitorId = await ready(page);
    await page.click('#to-billing');
    await navigated(page, '**/sdk-guarded/billing');
    await page.click('#to-help');
    await navigated(page, '**/sdk-guarded/billing#help');
    await page.click('#buy');
    // A link whose URL cannot be parsed, for the outbound/download listener.
    await page.click('#bad-link');
    await page.evaluate(() => {
      hoptrail.track('odd_props', { big: 'x'.repeat(5000), nested: { a: { b: { c: { d: 1 } } } }, n: NaN, when: new Date(0) });
      hoptrail.track('', {});
      hoptrail.identify('cust-guarded', { plan: 'pro' });
      hoptrail.identify('');
      hoptrail.chat.started({ channel: 'site', agent: 'Ana' });
      hoptrail.chat.message({ from: 'visitor', text: 'hello' });
      hoptrail.chat.message({ from: 'nobody' });
      hoptrail.chat.ended({ resolved: true, rating: 5 });
      hoptrail.survey('no-such-survey');
      hoptrail.consent('denied');
      hoptrail.consent('granted');
    });
    await flush(page);
    // The collector unreachable, then the browser offline: failed sends are retried, never thrown.
    site.setCollectorUp(false);
    await page.evaluate(() => hoptrail.track('while_down'));
    await flush(page);
    await browser.context.setOffline(true);
    await page.evaluate(() => hoptrail.track('while_offline'));
    await flush(page);
    await browser.context.setOffline(false);
    site.setCollectorUp(true);
    await flush(page);

    const journey = await waitForJourney(collector, visitorId, 5);
    expect(describeEvents(journey)).toEqual(
      expect.arrayContaining(['pageview /sdk-guarded', 'pageview /sdk-guarded/billing', 'event buy_clicked', 'event odd_props', 'identify null']),
    );
    expect(await errorsOf(page)).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('silent when told to be', () => {
  it('after optOut(): no request at all, on this page (track, chat, survey, views, hide) and on the next', async () => {
    const page = await browser.newPage();
    const requests = collectorRequests(page);
    await page.goto(`${site.url}/sdk-guarded`);
    await ready(page);
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => hoptrail.optOut());
    const before = requests.length;
    await page.click('#to-billing');
    await navigated(page, '**/sdk-guarded/billing');
    await page.evaluate(() => {
      hoptrail.track('after_opt_out');
      hoptrail.chat.started({ channel: 'site' });
      hoptrail.survey('any');
      return hoptrail.flush();
    });
    await page.goto(`${site.url}/sdk-guarded`);
    await ready(page);
    await page.evaluate(() => hoptrail.track('next_page'));
    await page.waitForLoadState('networkidle');
    await page.goto('about:blank');
    // The next page's script itself is the page's request, not the SDK's.
    expect(requests.slice(before).filter((r) => !r.endsWith('/hoptrail.js'))).toEqual([]);
    expect(await errorsOf(page)).toEqual([]);
  });

  it('with GPC and data-gpc="off": no chunk, no survey read, no event', async () => {
    await browser.context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }),
    );
    const page = await browser.newPage();
    const requests = collectorRequests(page);
    await page.goto(`${site.url}/sdk-gpc-off`);
    await ready(page);
    await page.evaluate(() => {
      hoptrail.track('not_counted');
      hoptrail.survey('any');
      return hoptrail.flush();
    });
    await page.waitForLoadState('networkidle');
    await page.goto('about:blank');
    expect(requests.filter((r) => !r.endsWith('/hoptrail.js'))).toEqual([]);
    expect(requests.length).toBe(1);
  });
});
