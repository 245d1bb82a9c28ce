import type { Page } from 'playwright-core';
import { DEV_READ_KEY, fetchJourney, type ApiEvent } from './journey';

type Hoptrail = { q?: unknown; visitorId(): string; track(n: string, p?: object): void; flush(): Promise<void> };
declare const hoptrail: Hoptrail;

/** Waits until the real tracker replaced the stub (the script ran and replayed queued calls). */
export async function ready(page: Page): Promise<string> {
  await page.waitForFunction(() => typeof hoptrail !== 'undefined' && !hoptrail.q);
  return page.evaluate(() => hoptrail.visitorId());
}

export const track = (page: Page, name: string, props?: object) =>
  page.evaluate(([n, p]) => hoptrail.track(n as string, p as object), [name, props] as const);
export const flush = (page: Page) => page.evaluate(() => hoptrail.flush());

/**
 * Waits for a same-document navigation to `url`, then for one task: the SDK reads each view a task
 * after the navigation (routers set the title then), and navigations within one task count as the
 * last. A person cannot navigate twice within a task; Playwright on a loaded machine can.
 */
export async function navigated(page: Page, url: string) {
  await page.waitForURL(url);
  await page.evaluate(() => new Promise((r) => setTimeout(r)));
}

/**
 * On the demo SPA (/app/ at /app/settings): pushState, back (popstate), a same-URL click (no new view),
 * a hash link; each view given its task (`navigated`).
 */
export async function browseDemoSpa(page: Page) {
  await page.click('#spa-nav a[data-view="Billing"]');
  await navigated(page, '**/app/billing');
  await page.goBack();
  await navigated(page, '**/app/settings');
  await page.click('#spa-nav a[data-view="Settings"]');
  await page.click('#help-link');
  await navigated(page, '**/app/settings#help');
}

/** Hoptrail's keys in the page's localStorage (what it left on the device). */
export const storedKeys = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hoptrail_')).sort());

/**
 * Cookieless visitors get their id from the collector (`anon:<hash>`), so tests find them by an
 * event name only they sent: the journey of the recent visitor that holds it.
 */
export async function findJourneyWith(collector: string, eventName: string, timeoutMs = 15_000): Promise<{ visitorId: string; events: ApiEvent[] }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${collector}/v1/sites/demo/visitors?limit=50`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
    const { visitors } = (await res.json()) as { visitors: { visitorId: string }[] };
    for (const { visitorId } of visitors) {
      const events = await fetchJourney(collector, visitorId);
      if (events.some((e) => e.name === eventName)) return { visitorId, events };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no visitor with event ${eventName}`);
}
