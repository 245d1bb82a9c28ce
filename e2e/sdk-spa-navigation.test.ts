import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type Browser } from './lib/browser';
import { describeEvents, waitForJourney } from './lib/journey';
import { browseDemoSpa, flush, navigated, ready } from './lib/sdkPage';

// SPA pageviews come from the core where the browser has the Navigation API (Chromium here), and from
// the `extras` chunk's history fallback where it does not (Safari before 26.2, Firefox before 147). Both
// paths, in real Chromium, on the demo SPA (/app/); each test is a new visitor (storage cleared).
const collector = inject('collectorUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function openApp(setup: (page: Page) => Promise<void>) {
  const page = await browser.newPage();
  await page.addInitScript(() => localStorage.clear());
  await setup(page);
  await page.goto(`${collector}/app/`);
  return { page, visitorId: await ready(page) };
}

// The hash jump is a view of its own; the collector stores URLs without their fragment (minimal URLs).
const afterBrowsing = ['pageview /app/billing', 'pageview /app/settings', 'pageview /app/settings'];

describe('SPA pageviews', () => {
  it('are all counted by the core with the Navigation API, even if the extras chunk never arrives', async () => {
    const { page, visitorId } = await openApp(async (p) => void (await p.route('**/extras.js', (route) => route.abort())));
    await page.click('#spa-nav a[data-view="Settings"]');
    await navigated(page, '**/app/settings');
    await browseDemoSpa(page);
    // The page's own history methods: the fallback was not installed.
    expect(await page.evaluate(() => String(history.pushState).includes('[native code]'))).toBe(true);
    await flush(page);
    const expected = ['pageview /app/', 'pageview /app/settings', ...afterBrowsing];
    expect(describeEvents(await waitForJourney(collector, visitorId, expected.length))).toEqual(expected);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it('are counted by the extras fallback without the Navigation API, the last one before it arrived included', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const { page, visitorId } = await openApp(async (p) => {
      // An older browser: no window.navigation (a [Replaceable] attribute, so it can be overwritten).
      await p.addInitScript(() => Object.defineProperty(window, 'navigation', { value: undefined }));
      // Hold the chunk back until the first SPA navigation is done, as on a slow network.
      await p.route('**/extras.js', async (route) => (await released, route.continue()));
    });
    await page.click('#spa-nav a[data-view="Settings"]');
    await navigated(page, '**/app/settings');
    release();
    // The fallback is in once the page's history methods are wrapped.
    await page.waitForFunction(() => !String(history.pushState).includes('[native code]'));
    await browseDemoSpa(page);
    await flush(page);
    const expected = ['pageview /app/', 'pageview /app/settings', ...afterBrowsing];
    expect(describeEvents(await waitForJourney(collector, visitorId, expected.length))).toEqual(expected);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });
});
