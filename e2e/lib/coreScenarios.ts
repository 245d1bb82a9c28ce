import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, waitForElement, type Engine, type EnginePage } from './engine';
import { startFixtureServer, type FixtureServer } from './fixtureServer';
import { describeEvents, waitForJourney } from './journey';
import { findJourneyWith } from './sdkPage';
import { createSurvey, popup, removeSurvey, startFixtureSite, surveyEvents, uniqueId } from './surveys';

type Hoptrail = { q?: unknown; visitorId(): string; track(n: string): void; flush(): Promise<void>; consent(s: string): void };
declare const hoptrail: Hoptrail;

const ready = async (page: EnginePage) => {
  await waitFor(page, () => typeof hoptrail !== 'undefined' && !hoptrail.q, [], 'the tracker');
  return page.evaluate(() => hoptrail.visitorId());
};
const flush = (page: EnginePage) => page.evaluate(() => hoptrail.flush());
const track = (page: EnginePage, name: string) => page.evaluate((n: string) => hoptrail.track(n), name);
const storedKeys = (page: EnginePage) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hoptrail_')).sort());

/** A same-document navigation to `url` (path + hash), then one task: the SDK reads each view a task later. */
async function navigated(page: EnginePage, url: string) {
  await waitFor(page, (u: string) => location.pathname + location.hash === u, [url], `navigation to ${url}`);
  await page.evaluate(() => new Promise((r) => setTimeout(r)));
}

/**
 * The SDK's core scenarios, the same in every engine that is not Chromium (Chromium runs the fuller
 * playwright files): page views with SPA navigations, delivery through a collector outage, consent,
 * the survey widget. One browser per file; each scenario uses an origin of its own, so it starts as a
 * new visitor with empty storage.
 */
export function describeCoreScenarios(collector: string, launch: () => Promise<Engine>) {
  let engine: Engine;
  let outageSite: FixtureServer;
  let consentSite: FixtureServer;
  beforeAll(async () => {
    [engine, outageSite, consentSite] = await Promise.all([launch(), startFixtureServer(collector), startFixtureServer(collector)]);
  });
  afterAll(async () => {
    await Promise.all([engine?.close(), outageSite?.close(), consentSite?.close()]);
  });
  const noPageErrors = () => expect(engine.pageErrors ?? []).toEqual([]);

  describe('core SDK scenarios', () => {
    it('counts the first page view and every SPA navigation once (pushState, back, same URL, hash)', async () => {
      const { page } = engine;
      await page.goto(`${collector}/app/`);
      const visitorId = await ready(page);
      await page.click('#spa-nav a[data-view="Settings"]');
      await navigated(page, '/app/settings');
      await page.click('#spa-nav a[data-view="Billing"]');
      await navigated(page, '/app/billing');
      await page.evaluate(() => history.back());
      await navigated(page, '/app/settings');
      await page.click('#spa-nav a[data-view="Settings"]');
      await page.click('#help-link');
      await navigated(page, '/app/settings#help');
      await flush(page);
      // The hash jump is a view of its own, stored without its fragment (minimal URLs).
      const expected = ['pageview /app/', 'pageview /app/settings', 'pageview /app/billing', 'pageview /app/settings', 'pageview /app/settings'];
      expect(describeEvents(await waitForJourney(collector, visitorId, expected.length))).toEqual(expected);
      noPageErrors();
    });

    it('keeps events while the collector is unreachable and delivers each exactly once when it is back', async () => {
      const { page } = engine;
      outageSite.setCollectorUp(false);
      await page.goto(`${outageSite.url}/sdk-collector-down`);
      const visitorId = await ready(page);
      for (let i = 0; i < 3; i++) await page.click('#buy');
      await flush(page); // fails: the collector is unreachable
      outageSite.setCollectorUp(true);
      // No more calls from the page: the SDK's backoff timer retries on its own.
      const journey = await waitForJourney(collector, visitorId, 4);
      expect(describeEvents(journey)).toEqual(['pageview /sdk-collector-down', 'event buy_clicked', 'event buy_clicked', 'event buy_clicked']);
      expect(new Set(journey.map((e) => e.id)).size).toBe(4);
      noPageErrors();
    });

    it('stays cookieless until consent is granted, then keeps a first-party visitor', async () => {
      const { page } = engine;
      const before = `before_consent_${engine.name}_${randomUUID().slice(0, 8)}`;
      await page.goto(`${consentSite.url}/sdk-consent`);
      expect(await ready(page)).toBe('cookieless');
      await track(page, before);
      await page.evaluate(() => hoptrail.consent('denied'));
      expect(await storedKeys(page)).toEqual(['hoptrail_consent']);
      await page.evaluate(() => hoptrail.consent('granted'));
      const visitorId = await page.evaluate(() => hoptrail.visitorId());
      expect(visitorId).toMatch(/^[0-9a-f-]{36}$/);
      await track(page, 'after_granted');
      await flush(page);
      expect(describeEvents(await waitForJourney(collector, visitorId, 1))).toEqual(['event after_granted']);
      const anonymous = await findJourneyWith(collector, before);
      expect(anonymous.visitorId).toMatch(/^anon:/);
      expect(await storedKeys(page)).toContain('hoptrail_vid');
      // The choice is remembered by the next page load.
      await page.goto(`${consentSite.url}/sdk-consent`);
      expect(await ready(page)).toBe(visitorId);
      noPageErrors();
    });

    it('shows the survey widget and records the answers typed and clicked into it', async () => {
      const { page } = engine;
      const id = uniqueId(`engine-${engine.name}`);
      const site = await startFixtureSite(collector);
      await createSurvey(
        collector,
        popup(id, '/engine-survey', {
          questions: [
            { id: 'score', type: 'nps', text: 'Recommend us?' },
            { id: 'why', type: 'text', text: 'Why?' },
          ],
        }),
      );
      try {
        await page.goto(site.page('/engine-survey'));
        const visitorId = await ready(page);
        const widget = '[data-hoptrail-widget] >>> section';
        await waitForElement(page, `${widget} label`);
        await page.click(`${widget} label:has(input[value="9"])`);
        await page.click(`${widget} button`, 'Next');
        await waitForElement(page, `${widget} textarea`);
        await page.type(`${widget} textarea`, 'Fast delivery');
        await page.click(`${widget} button`, 'Send');
        await waitForElement(page, `${widget} [role="status"]`, 'Thank you for your feedback!');
        await flush(page);
        const events = await surveyEvents(collector, visitorId, 3);
        expect(events.map((e) => [e.type, e.props!.questionId ?? null, e.props!.value ?? null])).toEqual([
          ['survey_shown', null, null],
          ['survey_answered', 'score', 9],
          ['survey_answered', 'why', 'Fast delivery'],
        ]);
        noPageErrors();
      } finally {
        await removeSurvey(collector, id);
        await site.close();
      }
    });
  });
}
