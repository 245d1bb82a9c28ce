import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type Browser } from './lib/browser';
import { startFixtureServer, type FixtureServer } from './lib/fixtureServer';
import { fetchJourney, type ApiEvent } from './lib/journey';
import { ready } from './lib/sdkPage';

const collector = inject('collectorUrl');
let browser: Browser;
let site: FixtureServer;

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

describe('experience signals and web vitals (lazy chunks)', () => {
  it('records rage clicks, JS errors, outbound links, downloads and web vitals with ratings', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/sdk-signals`);
    const visitorId = await ready(page);
    // Both chunks are loaded after init; wait until they are in.
    await page.waitForFunction(() =>
      ['signals.js', 'vitals.js'].every((f) => performance.getEntriesByType('resource').some((r) => r.name.endsWith(f))),
    );
    await page.waitForTimeout(100);
    await page.click('#stuck', { clickCount: 3 });
    await page.click('#boom');
    await page.waitForTimeout(50);
    await page.click('#out');
    await page.click('#file');
    await page.click('#inside');
    // Leaving the page hides it: web-vitals reports LCP, CLS and INP, and the beacon carries them.
    await page.goto('about:blank');

    let journey: ApiEvent[] = [];
    for (let i = 0; i < 60 && !journey.some((e) => e.name === 'CLS'); i++) {
      journey = await fetchJourney(collector, visitorId);
      await new Promise((r) => setTimeout(r, 250));
    }
    const named = (name: string) => journey.filter((e) => e.name === name);
    expect(named('$rage_click')).toHaveLength(1);
    expect(named('$rage_click')[0].props).toEqual({ target: 'button#stuck', clicks: 3 });
    expect(named('$js_error')[0].props).toMatchObject({ message: expect.stringContaining('checkout exploded') });
    expect(named('$outbound').map((e) => e.props)).toEqual([{ url: 'https://elsewhere.example/pricing' }]);
    expect(named('$download').map((e) => e.props)).toEqual([{ url: `${site.url}/files/report.pdf` }]);

    const vitals = journey.filter((e) => e.type === 'vital');
    expect(vitals.map((e) => e.name).sort()).toEqual(expect.arrayContaining(['CLS', 'FCP', 'LCP', 'TTFB']));
    for (const v of vitals) {
      expect(v.props).toEqual({ value: expect.any(Number), rating: expect.stringMatching(/^(good|needs-improvement|poor)$/) });
    }
  });
});
