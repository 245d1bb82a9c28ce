import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { LIMITS } from '../collector/src/schema/limits';
import { launchBrowser, type Browser } from './lib/browser';
import { startClosablePort, type ClosablePort } from './lib/closablePort';
import { startFixtureServer, type FixtureServer } from './lib/fixtureServer';
import { describeEvents, fetchJourney, waitForJourney } from './lib/journey';
import { flush, ready, storedKeys, track } from './lib/sdkPage';

declare const hoptrail: { page(): void; track(name: string, props?: object): void };

const collector = inject('collectorUrl');
let browser: Browser;
let site: FixtureServer;

beforeAll(async () => {
  site = await startFixtureServer(collector);
});
afterAll(() => site.close());
beforeEach(async () => {
  site.setCollectorUp(true);
  site.batches.length = 0;
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser?.close();
});

const ids = (events: { id: string }[]) => new Set(events.map((e) => e.id)).size;

describe('delivery: nothing lost, nothing twice', () => {
  it('collector down then up: every event arrives once, retried by the SDK on its own', async () => {
    site.setCollectorUp(false);
    const page = await browser.newPage();
    await page.goto(`${site.url}/sdk-collector-down`);
    const visitorId = await ready(page);
    for (let i = 0; i < 3; i++) await page.click('#buy');
    await flush(page); // fails: the collector is unreachable
    site.setCollectorUp(true);
    // No more calls from the page: the backoff timer retries.
    const journey = await waitForJourney(collector, visitorId, 4);
    expect(describeEvents(journey)).toEqual(['pageview /sdk-collector-down', 'event buy_clicked', 'event buy_clicked', 'event buy_clicked']);
    expect(ids(journey)).toBe(4);
    expect(browser.pageErrors).toEqual([]);
  });

  it('tab closed right after track(): the event leaves with the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/sdk-tab-closed`);
    const visitorId = await ready(page);
    await page.click('#bye');
    await page.close({ runBeforeUnload: true });
    const journey = await waitForJourney(collector, visitorId, 2);
    expect(describeEvents(journey)).toEqual(['pageview /sdk-tab-closed', 'event last_words']);
  });

  it('offline then online: events tracked offline arrive once the browser is back', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/sdk-offline`);
    const visitorId = await ready(page);
    await flush(page);
    await browser.context.setOffline(true);
    await page.click('#save');
    await page.click('#save');
    await flush(page); // fails: offline
    await browser.context.setOffline(false);
    const journey = await waitForJourney(collector, visitorId, 3);
    expect(describeEvents(journey)).toEqual(['pageview /sdk-offline', 'event saved_offline', 'event saved_offline']);
    expect(ids(journey)).toBe(3);
  });

  it('two tabs: one visitor, and no event is sent by both tabs', async () => {
    const a = await browser.newPage();
    const b = await browser.newPage();
    await a.goto(`${site.url}/sdk-two-tabs`);
    await b.goto(`${site.url}/sdk-two-tabs`);
    const visitorId = await ready(a);
    expect(await ready(b)).toBe(visitorId);
    for (let i = 0; i < 5; i++) {
      await track(a, 'from_tab_a', { i });
      await track(b, 'from_tab_b', { i });
    }
    await Promise.all([flush(a), flush(b)]);
    const journey = await waitForJourney(collector, visitorId, 12);
    const names = describeEvents(journey);
    expect(names.filter((n) => n === 'event from_tab_a')).toHaveLength(5);
    expect(names.filter((n) => n === 'event from_tab_b')).toHaveLength(5);
    expect(names.filter((n) => n === 'pageview /sdk-two-tabs')).toHaveLength(2);
    // What reached the collector: each event id in exactly one request.
    const sent = site.batches.flatMap((batch) => batch.events.map((e) => e.id));
    expect(sent.length).toBe(12);
    expect(new Set(sent).size).toBe(12);
  });

  it('reload with a queued backlog: the new page sends what the old one could not, once', async () => {
    site.setCollectorUp(false);
    const page = await browser.newPage();
    await page.goto(`${site.url}/sdk-reload-backlog`);
    const visitorId = await ready(page);
    for (let i = 0; i < 3; i++) await track(page, 'queued_before_reload', { i });
    await flush(page); // fails
    expect((await storedKeys(page)).filter((k) => k.startsWith('hoptrail_q_'))).toHaveLength(1);
    await page.reload();
    await ready(page);
    site.setCollectorUp(true);
    const journey = await waitForJourney(collector, visitorId, 5);
    expect(describeEvents(journey)).toEqual([
      'pageview /sdk-reload-backlog',
      'event queued_before_reload',
      'event queued_before_reload',
      'event queued_before_reload',
      'pageview /sdk-reload-backlog',
    ]);
    expect(ids(journey)).toBe(5);
  });
});

/** Records the views and events the outage tests use, in one task: nothing is sent before the page is left. */
const trackVisit = (page: import('playwright-core').Page, names: string[], props?: object) =>
  page.evaluate(
    ([n, p]) => {
      hoptrail.page();
      n.forEach((name) => hoptrail.track(name, p));
    },
    [names, props] as const,
  );

describe('at unload: a beacon is never an acknowledgement', () => {
  it('collector up: what the unload beacon delivered, the next page sends again, and it is stored once', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/sdk-outage`);
    const visitorId = await ready(page);
    // A 1,100-character prop costs nothing: the SDK cuts it to the shared text limit before queueing.
    await trackVisit(page, ['left_with_beacon', 'long_note'], { note: 'n'.repeat(1100), plan: 'pro' });
    await page.goto('about:blank');
    await expect.poll(() => site.batches.flatMap((b) => b.events).filter((e) => e.visitorId === visitorId).length).toBe(3);

    // The next page load of the site cannot know the beacon arrived: it sends the three again.
    await page.goto(`${site.url}/sdk-outage`);
    await ready(page);
    await expect.poll(() => site.batches.flatMap((b) => b.events).filter((e) => e.visitorId === visitorId).length).toBe(6);
    const journey = await waitForJourney(collector, visitorId, 3);
    expect(describeEvents(journey)).toEqual(['pageview /sdk-outage', 'event left_with_beacon', 'event long_note']);
    expect(journey.find((e) => e.name === 'long_note')!.props).toEqual({ note: 'n'.repeat(LIMITS.textLength), plan: 'pro' });
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('collector process stopped', () => {
  // The shard's collector behind a port that closes and reopens: to the page, the process stopped and came back.
  let own: ClosablePort;
  let ownSite: FixtureServer;
  beforeAll(async () => {
    own = await startClosablePort(collector);
    ownSite = await startFixtureServer(own.url);
  });
  afterAll(async () => {
    await own?.close();
    await ownSite?.close();
  });

  /** True once `count` is above zero and has not changed for `ms`. */
  const quiet = (count: () => number, ms: number) => {
    let last = -1;
    let since = Date.now();
    return () => {
      if (count() !== last) [last, since] = [count(), Date.now()];
      return last > 0 && Date.now() - since >= ms;
    };
  };

  const unreachable = async (url: string) => {
    try {
      await fetch(`${url}/hoptrail.js`);
      return false;
    } catch {
      return true;
    }
  };

  it('events tracked, the page hidden and left before any send: when the collector is back, the next page delivers each once', async () => {
    const page = await browser.newPage();
    await page.goto(`${ownSite.url}/sdk-outage`);
    const visitorId = await ready(page);

    await own.close();
    expect(await unreachable(own.url)).toBe(true);
    // Queued, not yet sent (a send waits 5 s or 20 events), and the page goes away at once: its
    // beacons meet a closed port, and sendBeacon still said true.
    await trackVisit(page, ['during_outage_a', 'during_outage_b', 'during_outage_c']);
    await page.goto('about:blank');
    // The browser sends a page's last beacons (one per unload signal) after it has gone, and on a busy
    // machine seconds apart: reopen only once they have all met the closed port, none for 1.5 s.
    await expect.poll(quiet(() => ownSite.unforwarded, 1500), { timeout: 30_000 }).toBe(true);
    expect(await fetchJourney(own.url, visitorId).catch(() => 'unreachable')).toBe('unreachable');

    await own.reopen();
    await page.goto(`${ownSite.url}/sdk-outage`);
    await ready(page);
    const journey = await waitForJourney(own.url, visitorId, 4);
    expect(describeEvents(journey)).toEqual(['pageview /sdk-outage', 'event during_outage_a', 'event during_outage_b', 'event during_outage_c']);
    expect(ids(journey)).toBe(4);
    // What reached the collector once it was back: each event in exactly one request.
    const sent = ownSite.batches.flatMap((b) => b.events).filter((e) => e.visitorId === visitorId);
    expect(sent.map((e) => e.name ?? e.type).sort()).toEqual(['during_outage_a', 'during_outage_b', 'during_outage_c', 'pageview']);
    expect(browser.pageErrors).toEqual([]);
  });
});
