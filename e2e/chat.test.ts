import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type Browser } from './lib/browser';
import { startFixtureServer, type FixtureServer } from './lib/fixtureServer';
import { DEV_READ_KEY, waitForJourney } from './lib/journey';
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

/** The pages have data-debug: the console says when Hoptrail's adapter for a widget is in. */
const hooked = (page: Page, vendor: string) => page.waitForEvent('console', { predicate: (m) => m.text().includes(`chat widget hooked: ${vendor}`), timeout: 20_000 });

/** The journey's chat part, compactly (the example's CES survey and web vitals are other tests' business). */
async function chatJourney(visitorId: string, expected: number) {
  const journey = (await waitForJourney(collector, visitorId, expected)).filter((e) => !e.type.startsWith('survey_') && e.type !== 'vital');
  return journey.map((e) => (e.type === 'pageview' ? `pageview ${e.path}` : `${e.type} ${(e.props as any).from ?? ''}`.trim()));
}

async function conversations(visitorId: string) {
  const res = await fetch(`${collector}/v1/sites/demo/visitors/${visitorId}/conversations`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
  return ((await res.json()) as { conversations: any[] }).conversations;
}

describe('chat on the page, through a vendor adapter, into the journey', () => {
  it('the example site’s Crisp stand-in produces a conversation with derived timing, and no message text', async () => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => r.url().includes('/sdk/') && scripts.push(new URL(r.url()).pathname.split('/').pop()!));
    const adapter = hooked(page, 'crisp');
    await page.goto(`${collector}/support`);
    const visitorId = await ready(page);
    await adapter;

    await page.click('#chat-open');
    await page.fill('#chat-input', 'Where is my order 4711?');
    await page.click('#chat-send');
    await page.waitForSelector('#chat-log li.agent');
    await page.click('#chat-close');
    await page.evaluate(() => (window as any).hoptrail.flush());

    const journey = await chatJourney(visitorId, 5);
    expect(journey).toEqual(['pageview /support', 'chat_started', 'chat_message visitor', 'chat_message agent', 'chat_ended']);
    const [c] = await conversations(visitorId);
    expect(c).toMatchObject({ channel: 'crisp', outcome: 'resolved', messages: { visitor: 1, agent: 1, bot: 0, total: 2 } });
    // The stand-in's agent answers 1.2 s after the visitor's message.
    expect(c.firstResponseMs).toBeGreaterThanOrEqual(1100);
    expect(c.firstResponseMs).toBeLessThan(5000);
    expect(c.durationMs).toBeGreaterThanOrEqual(c.firstResponseMs);
    // Only the watcher and the adapter for the widget on the page were loaded (no other vendor's).
    expect(scripts.filter((s) => s.startsWith('chat')).sort()).toEqual(['chat-crisp.js', 'chat.js']);
    expect(browser.pageErrors).toEqual([]);
  });

  it('a chatbox the site loads a minute after the page is hooked, and the site’s handlers registered before and after Hoptrail’s both still run', async () => {
    const page = await browser.newPage();
    // Time is the page's fake clock, paused, so the minute passes at once and the widget's steps run when told.
    await page.clock.install();
    await page.goto(`${site.url}/chat-late`);
    const visitorId = await ready(page);
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
    const adapter = hooked(page, 'crisp');
    await page.clock.runFor(60_000);
    // The snippet is in (queue + the site's first handler); Hoptrail's watcher notices within half a second.
    await page.clock.runFor(500);
    await adapter;
    // The chatbox script arrives over the network, then shows 100 ms later: step the clock until it has.
    await expect.poll(async () => (await page.clock.runFor(100), page.locator('#chat-open').count())).toBe(1);
    await page.click('#site-listens');
    await page.click('#chat-open');
    await page.fill('#chat-input', 'Hello?');
    await page.click('#chat-send');
    await page.clock.runFor(1200);
    await page.waitForSelector('#chat-log li.agent');
    await page.click('#chat-close');
    await page.evaluate(() => (window as any).hoptrail.flush());

    // The site's own handlers run in the vendor's callbacks, which may come a task after the agent's line.
    await expect.poll(() => page.locator('#site-log li').allTextContents()).toEqual(['sent 6', 'reply of 34']);
    expect(await chatJourney(visitorId, 5)).toEqual(['pageview /chat-late', 'chat_started', 'chat_message visitor', 'chat_message agent', 'chat_ended']);
    const [c] = await conversations(visitorId);
    expect(c).toMatchObject({ channel: 'crisp', outcome: 'resolved', firstResponseMs: 1200 });
    expect(browser.pageErrors).toEqual([]);
  });
});
