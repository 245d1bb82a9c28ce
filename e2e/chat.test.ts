import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type Browser } from './lib/browser';
import { DEV_READ_KEY, waitForJourney } from './lib/journey';

const collector = inject('collectorUrl');
let browser: Browser;

beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser?.close();
});

describe('chat on the page, through a vendor adapter, into the journey', () => {
  it('the example site’s Crisp stand-in produces a conversation with derived timing, and no message text', async () => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => r.url().includes('/sdk/') && scripts.push(new URL(r.url()).pathname.split('/').pop()!));
    await page.goto(`${collector}/support`);
    await page.waitForFunction(() => typeof (window as any).hoptrail?.visitorId === 'function');
    const visitorId = await page.evaluate(() => (window as any).hoptrail.visitorId() as string);
    // Hoptrail's adapter is a lazy chunk: wait until it listens, as a visitor's first click usually would.
    await page.waitForFunction(() => (window as any).fakeCrisp?.listeners('message:sent') > 0);

    await page.click('#chat-open');
    await page.fill('#chat-input', 'Where is my order 4711?');
    await page.click('#chat-send');
    await page.waitForSelector('#chat-log li.agent');
    await page.click('#chat-close');
    await page.evaluate(() => (window as any).hoptrail.flush());

    // The example's CES survey follows a chat, and every page sends web vitals: other tests' business.
    const journey = (await waitForJourney(collector, visitorId, 5)).filter((e) => !e.type.startsWith('survey_') && e.type !== 'vital');
    expect(journey.map((e) => (e.type === 'pageview' ? `pageview ${e.path}` : `${e.type} ${(e.props as any).from ?? ''}`.trim()))).toEqual([
      'pageview /support',
      'chat_started',
      'chat_message visitor',
      'chat_message agent',
      'chat_ended',
    ]);
    expect(journey[2].props).toEqual({ from: 'visitor', length: 23 });
    expect(JSON.stringify(journey)).not.toContain('4711');

    const res = await fetch(`${collector}/v1/sites/demo/visitors/${visitorId}/conversations`, {
      headers: { authorization: `Bearer ${DEV_READ_KEY}` },
    });
    const { conversations } = (await res.json()) as { conversations: any[] };
    expect(conversations).toHaveLength(1);
    const [c] = conversations;
    expect(c).toMatchObject({ channel: 'crisp', outcome: 'resolved', messages: { visitor: 1, agent: 1, bot: 0, total: 2 } });
    // The stand-in's agent answers 1.2 s after the visitor's message.
    expect(c.firstResponseMs).toBeGreaterThanOrEqual(1100);
    expect(c.firstResponseMs).toBeLessThan(5000);
    expect(c.durationMs).toBeGreaterThanOrEqual(c.firstResponseMs);
    // Only the watcher and the adapter for the widget on the page were loaded (no other vendor's).
    expect(scripts.filter((s) => s.startsWith('chat')).sort()).toEqual(['chat-crisp.js', 'chat.js']);
    expect(browser.pageErrors).toEqual([]);
  });
});
