import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type Browser } from './lib/browser';
import { describeEvents, fetchJourney, waitForJourney } from './lib/journey';
import { browseDemoSpa, navigated } from './lib/sdkPage';

const collector = inject('collectorUrl');
let browser: Browser;

// A fresh browser context per test: a new visitor with empty storage.
beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser?.close();
});

describe('from the script tag to the journey', () => {
  it('records page loads, SPA navigations and custom events, each once and in order', async () => {
    const page = await browser.newPage();
    await page.goto(`${collector}/`);
    await page.waitForFunction(() => typeof (window as any).hoptrail?.visitorId() === 'string');
    const visitorId = await page.evaluate(() => (window as any).hoptrail.visitorId() as string);

    await page.click('#signup');
    // Full page navigation: what is queued leaves with the page (beacon on pagehide).
    await page.click('a[href="/pricing"]');
    await page.waitForURL('**/pricing');
    await page.waitForFunction(() => !(window as any).hoptrail.q);
    await page.click('#choose-pro');
    await page.click('a[href="/app/"]');
    await page.waitForURL('**/app/');
    await page.waitForFunction(() => !(window as any).hoptrail.q);

    // SPA: pushState twice, back (popstate), a same-URL click (no new view), a hash link.
    await page.click('#spa-nav a[data-view="Settings"]');
    await navigated(page, '**/app/settings');
    await browseDemoSpa(page);
    await page.evaluate(() => (window as any).hoptrail.flush());

    const expected = [
      'pageview /',
      'event signup_clicked',
      'pageview /pricing',
      'event pricing_viewed',
      'event plan_chosen',
      'pageview /app/',
      'pageview /app/settings',
      'pageview /app/billing',
      'pageview /app/settings',
      'pageview /app/settings', // the #help jump: stored without its fragment (minimal URLs)
    ];
    const journey = await waitForJourney(collector, visitorId, expected.length);
    expect(describeEvents(journey)).toEqual(expected);
    expect(new Set(journey.map((e) => e.id)).size).toBe(journey.length);

    const signup = journey.find((e) => e.name === 'signup_clicked')!;
    expect(signup.props).toEqual({ plan: 'pro' });
    const settings = journey.filter((e) => e.path === '/app/settings')[0];
    expect(settings.props).toMatchObject({ title: 'Demo app — settings', referrer: `${collector}/app/` });
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it('records pageview details: title, referrer, viewport, language and UTM parameters', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(`${collector}/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring`);
    await page.waitForFunction(() => !(window as any).hoptrail.q);
    const visitorId = await page.evaluate(() => (window as any).hoptrail.visitorId() as string);
    await page.evaluate(() => (window as any).hoptrail.flush());
    const [view] = await waitForJourney(collector, visitorId, 2);
    expect(view.type).toBe('pageview');
    expect(view.props).toEqual({
      title: 'Hoptrail demo shop — pricing',
      viewport: '800x600',
      lang: expect.stringMatching(/^en/),
      utm: { source: 'newsletter', medium: 'email', campaign: 'spring' },
    });
    await page.close();
  });
});

describe('on a page served from another origin', () => {
  let site: Server;
  let siteUrl: string;

  beforeAll(async () => {
    // A customer's site: its own origin, loading the script from the collector's.
    site = createServer((req, res) => {
      const scriptSrc = req.url === '/down' ? 'http://127.0.0.1:9/hoptrail.js' : `${collector}/hoptrail.js`;
      const api = req.url === '/collector-down' ? ' data-api="http://127.0.0.1:9"' : '';
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html><head><title>Customer site</title>
<script>window.hoptrail=window.hoptrail||{q:[]};"track page identify reset consent optOut survey flush visitorId".split(" ").forEach(function(m){hoptrail[m]=hoptrail[m]||function(){hoptrail.q.push([m,[].slice.call(arguments)])}})</script>
<script defer src="${scriptSrc}" data-site="demo"${api}></script></head>
<body><button id="buy" onclick="hoptrail.track('buy_clicked', { sku: 'A-1' })">Buy</button></body></html>`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    siteUrl = `http://localhost:${(site.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => site.close(() => r())));

  it('sends events to the collector across origins, without a preflight', async () => {
    const page = await browser.newPage();
    const methods: string[] = [];
    page.on('request', (r) => r.url().includes('/v1/events') && methods.push(r.method()));
    await page.goto(`${siteUrl}/shop`);
    await page.waitForFunction(() => !(window as any).hoptrail.q);
    await page.click('#buy');
    const visitorId = await page.evaluate(() => (window as any).hoptrail.visitorId() as string);
    await page.evaluate(() => (window as any).hoptrail.flush());
    const journey = await waitForJourney(collector, visitorId, 2);
    expect(describeEvents(journey)).toEqual(['pageview /shop', 'event buy_clicked']);
    expect(journey[0].url).toBe(`${siteUrl}/shop`);
    expect(methods).not.toContain('OPTIONS');
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  });

  it('never throws into the page when the script is blocked or the collector is down', async () => {
    const page = await browser.newPage();
    // Script blocked: the stub keeps taking calls.
    await page.goto(`${siteUrl}/down`);
    await page.click('#buy');
    expect(await page.evaluate(() => (window as any).hoptrail.q.length)).toBe(1);

    // Script loads but the collector it posts to is down: calls and flushes still do not throw.
    await page.goto(`${siteUrl}/collector-down`);
    await page.waitForFunction(() => !(window as any).hoptrail.q);
    await page.click('#buy');
    const visitorId = await page.evaluate(() => (window as any).hoptrail.visitorId() as string);
    await page.evaluate(() => (window as any).hoptrail.flush());
    expect(browser.pageErrors).toEqual([]);
    expect(await fetchJourney(collector, visitorId)).toEqual([]);
    await page.close();
  });
});
