import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  emailAnswer,
  flush,
  popup,
  putSettings,
  surveyEvents,
  uniqueId,
  visitorOf,
  watchChunk,
  useSurveyFixture,
  widget,
} from './lib/surveys';

const collector = inject('collectorUrl');
const fixture = useSurveyFixture(collector);
const { make } = fixture;
afterAll(async () => {
  await putSettings(collector, { budgetDays: 0, crossChannelDays: 0 });
});

async function fresh() {
  const { context, pageErrors } = await fixture.shared.newContext();
  const page = await context.newPage();
  return { context, page, pageErrors, chunk: watchChunk(page) };
}

const shows = (page: Page) => expect.poll(() => widget(page).isVisible(), { timeout: 5000 }).toBe(true);
/** Waits long enough for anything pending to have shown, then asserts nothing did. */
async function staysHidden(page: Page, ms = 1500) {
  await page.waitForTimeout(ms);
  expect(await widget(page).count()).toBe(0);
}

describe('targeting', () => {
  it('shows only on pages its URL rules include and never on excluded ones; elsewhere the widget is not even loaded', async () => {
    const id = uniqueId('url-rules');
    await make(
      popup(id, '', {
        targeting: {
          include: [{ match: 'contains', value: '/shop/' }, { match: 'regex', value: '/deals/\\d+$' }],
          exclude: [{ match: 'contains', value: 'preview=1' }],
        },
      }),
    );
    for (const [path, shown] of [
      ['/shop/boots', true],
      ['/deals/42', true],
      ['/shop/boots?preview=1', false],
      ['/deals/42/terms', false],
      ['/about', false],
    ] as const) {
      const { context, page, chunk } = await fresh();
      await page.goto(fixture.site.page(path.split('?')[0]) + (path.includes('?') ? '?' + path.split('?')[1] : ''));
      if (shown) await shows(page);
      else {
        await staysHidden(page, 700);
        expect(chunk.chunk, path).toBe(false);
      }
      await context.close();
    }
  });

  it('waits the set seconds on the page before showing', async () => {
    const id = uniqueId('delay');
    await make(popup(id, '/t/delay', { targeting: { include: [{ match: 'exact', value: '/t/delay' }], delaySeconds: 1.5 } }));
    const { context, page } = await fresh();
    await page.goto(fixture.site.page('/t/delay'));
    const start = Date.now();
    await page.waitForTimeout(800);
    expect(await widget(page).count()).toBe(0);
    await shows(page);
    expect(Date.now() - start).toBeGreaterThanOrEqual(1400);
    await context.close();
  });

  it('waits for the scroll depth', async () => {
    const id = uniqueId('scroll');
    await make(popup(id, '/t/scroll', { targeting: { include: [{ match: 'exact', value: '/t/scroll' }], scrollPercent: 60 } }));
    const { context, page } = await fresh();
    await page.goto(fixture.site.page('/t/scroll', { height: 3000 }));
    await staysHidden(page, 800);
    await page.mouse.wheel(0, 2500);
    await shows(page);
    await context.close();
  });

  it('shows on exit intent with a mouse, when the pointer leaves through the top of the window', async () => {
    const id = uniqueId('exit');
    await make(popup(id, '/t/exit', { targeting: { include: [{ match: 'exact', value: '/t/exit' }], exitIntent: true } }));
    const { context, page } = await fresh();
    await page.goto(fixture.site.page('/t/exit'));
    await page.mouse.move(300, 300);
    await page.mouse.move(300, 200);
    await staysHidden(page, 600);
    // Leaving the viewport upwards, as towards the tab bar: the browser fires mouseout with no target.
    await page.mouse.move(300, 5);
    await page.mouse.move(300, -20);
    await shows(page);
    await context.close();
  });

  it('shows after a named event, a chat ended, with the trigger in the events', async () => {
    const checkout = uniqueId('after-event');
    const chat = uniqueId('after-chat');
    await make(popup(checkout, '/t/events', { targeting: { include: [{ match: 'exact', value: '/t/events' }], event: 'checkout_completed' } }));
    await make(popup(chat, '/t/chat', { targeting: { include: [{ match: 'exact', value: '/t/chat' }], chatEnded: true } }));

    const a = await fresh();
    await a.page.goto(fixture.site.page('/t/events'));
    const visitorA = await visitorOf(a.page);
    await a.page.evaluate(() => (window as any).hoptrail.track('something_else'));
    await staysHidden(a.page, 700);
    expect(a.chunk.chunk).toBe(false);
    await a.page.evaluate(() => (window as any).hoptrail.track('checkout_completed'));
    await shows(a.page);
    await flush(a.page);
    const [shownA] = await surveyEvents(collector, visitorA, 1);
    expect(shownA.props).toMatchObject({ surveyId: checkout, trigger: 'event', triggerEvent: 'checkout_completed' });

    const b = await fresh();
    await b.page.goto(fixture.site.page('/t/chat'));
    const visitorB = await visitorOf(b.page);
    await b.page.evaluate(() => (window as any).hoptrail.track('chat_ended'));
    await shows(b.page);
    await flush(b.page);
    const [shownB] = await surveyEvents(collector, visitorB, 1);
    expect(shownB.props).toMatchObject({ surveyId: chat, trigger: 'chat' });
    await a.context.close();
    await b.context.close();
  });

  it('shows on the landing of a newsletter click only, with the campaign', async () => {
    const id = uniqueId('newsletter');
    await make(popup(id, '/t/newsletter', { targeting: { include: [{ match: 'exact', value: '/t/newsletter' }], newsletterVisit: true } }));
    const plain = await fresh();
    await plain.page.goto(fixture.site.page('/t/newsletter'));
    await staysHidden(plain.page, 700);
    expect(plain.chunk.chunk).toBe(false);

    const fromMail = await fresh();
    await fromMail.page.goto(fixture.site.page('/t/newsletter') + '?utm_source=nl&utm_medium=email&utm_campaign=spring');
    await shows(fromMail.page);
    const visitorId = await visitorOf(fromMail.page);
    await flush(fromMail.page);
    const [shown] = await surveyEvents(collector, visitorId, 1);
    expect(shown.props).toMatchObject({ trigger: 'newsletter', campaign: 'spring' });
    await plain.context.close();
    await fromMail.context.close();
  });

  it('samples visitors: at 0 % nobody sees it', async () => {
    const id = uniqueId('sample-none');
    await make(popup(id, '/t/sample', { targeting: { include: [{ match: 'exact', value: '/t/sample' }], samplePercent: 0 } }));
    const { context, page } = await fresh();
    await page.goto(fixture.site.page('/t/sample'));
    await staysHidden(page, 800);
    // Sampled out is remembered, so the next page does not load the widget at all.
    const chunk = watchChunk(page);
    await page.reload();
    await staysHidden(page, 600);
    expect(chunk.chunk).toBe(false);
    await context.close();
  });

  it('shows an identified-only survey to identified customers only', async () => {
    const id = uniqueId('identified');
    await make(popup(id, '/t/identified', { targeting: { include: [{ match: 'exact', value: '/t/identified' }], audience: 'identified' } }));
    const anon = await fresh();
    await anon.page.goto(fixture.site.page('/t/identified'));
    await staysHidden(anon.page, 900);

    const known = await fresh();
    await known.page.goto(fixture.site.page('/t/identified-login'));
    await visitorOf(known.page);
    await known.page.evaluate(() => (window as any).hoptrail.identify('cust-identified-e2e'));
    await flush(known.page);
    await known.page.goto(fixture.site.page('/t/identified'));
    await shows(known.page);
    await anon.context.close();
    await known.context.close();
  });

  it('shows a segment-targeted survey only to members of the segment (NPS detractors)', async () => {
    const id = uniqueId('segment');
    await make(popup(id, '/t/segment', { targeting: { include: [{ match: 'exact', value: '/t/segment' }], segment: 'nps-detractors' } }));
    const other = await fresh();
    await other.page.goto(fixture.site.page('/t/segment'));
    await staysHidden(other.page, 900);

    const unhappy = await fresh();
    await unhappy.page.goto(fixture.site.page('/t/segment-before'));
    const visitorId = await visitorOf(unhappy.page);
    await flush(unhappy.page);
    // Their earlier NPS answer of 3, as the widget sends it: this visitor is now an NPS detractor.
    const now = Date.now();
    const earlier = {
      id: `nps-${visitorId}`.slice(0, 60), site: 'demo', type: 'survey_answered', visitorId, sessionId: `session-${now}`, seq: 0, ts: now - 1000,
      props: { surveyId: 'earlier-nps', responseId: `resp-${now}`, channel: 'web', questionId: 'nps', questionType: 'nps', value: 3, completed: true },
    };
    const res = await fetch(`${collector}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' },
      body: JSON.stringify({ events: [earlier] }),
    });
    expect(res.status).toBe(200);
    await unhappy.page.goto(fixture.site.page('/t/segment'));
    await shows(unhappy.page);
    await other.context.close();
    await unhappy.context.close();
  });

  it('never shows a delayed survey on the page the visitor moved to with an SPA navigation', async () => {
    const id = uniqueId('spa');
    // A delay the navigation surely beats on a busy machine (checked below), so what is tested is the
    // navigation cancelling the pending survey, not which of the two came first.
    await make(popup(id, '/t/spa', { targeting: { include: [{ match: 'exact', value: '/t/spa' }], delaySeconds: 4 } }));
    const { context, page } = await fresh();
    await page.goto(fixture.site.page('/t/spa'));
    await visitorOf(page);
    await page.click('#spa-away');
    await page.waitForURL('**/spa-elsewhere');
    expect(await page.evaluate(() => performance.now()), 'navigated away before the delay ended').toBeLessThan(4000);
    await staysHidden(page, 4800);
    await context.close();
    // Control: staying on the page, the same visitor profile sees it after the delay.
    const stay = await fresh();
    await stay.page.goto(fixture.site.page('/t/spa'));
    await expect.poll(() => widget(stay.page).isVisible(), { timeout: 15_000 }).toBe(true);
    await stay.context.close();
  });

  it('renders inline into its element, and shows any survey now with hoptrail.survey(id)', async () => {
    const inline = uniqueId('inline');
    const manual = uniqueId('manual');
    await make({ ...popup(inline, ''), targeting: {}, placement: { kind: 'inline' }, questions: [{ id: 'csat', type: 'csat', text: 'Rate this page' }] });
    await make(popup(manual, '/nowhere-at-all'));
    const { context, page } = await fresh();
    await page.goto(fixture.site.page('/t/inline', { body: `<section id="slot"><div data-hoptrail-survey="${inline}"></div></section>` }));
    await expect.poll(() => page.locator('#slot [data-hoptrail-widget] section').isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: 'Feedback' }).count()).toBe(1);
    // Inline is part of the page, not a dialog: focus stays where the visitor is.
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.evaluate((sid) => (window as any).hoptrail.survey(sid), manual);
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await context.close();
  });
});

describe('fatigue', () => {
  async function dismissAndReload(page: Page) {
    await page.keyboard.press('Escape');
    await expect.poll(() => widget(page).count()).toBe(0);
    await page.reload();
  }

  it('once: a dismissed survey counts as seen and does not come back', async () => {
    const id = uniqueId('once');
    await make(popup(id, '/f/once', { fatigue: { repeat: 'once' } }));
    const { context, page } = await fresh();
    await page.goto(fixture.site.page('/f/once'));
    await shows(page);
    await dismissAndReload(page);
    await staysHidden(page, 800);
    await context.close();
  });

  it('until answered: comes back while ignored, stops once answered', async () => {
    const id = uniqueId('until');
    await make(popup(id, '/f/until', { fatigue: { repeat: 'untilAnswered' } }));
    const { context, page } = await fresh();
    await page.goto(fixture.site.page('/f/until'));
    await shows(page);
    await page.reload();
    await shows(page);
    await widget(page).locator('label').filter({ has: page.getByRole('radio', { name: '8', exact: true }) }).click();
    await widget(page).getByRole('button', { name: 'Send' }).click();
    await page.reload();
    await staysHidden(page, 800);
    await context.close();
  });

  it('every N days: rests for N days, then shows again', async () => {
    const id = uniqueId('every');
    await make(popup(id, '/f/every', { fatigue: { repeat: 'everyNDays', days: 3 } }));
    const { context, page } = await fresh();
    await page.clock.install();
    await page.goto(fixture.site.page('/f/every'));
    await shows(page);
    await dismissAndReload(page);
    await staysHidden(page, 800);
    await page.clock.setSystemTime(Date.now() + 3 * 86_400_000 + 60_000);
    await page.reload();
    await shows(page);
    await context.close();
  });

  it('site-wide budget: after one survey, no other for N days', async () => {
    const first = uniqueId('budget-a');
    const second = uniqueId('budget-b');
    await make(popup(first, '/f/budget-a'));
    await make(popup(second, '/f/budget-b'));
    await putSettings(collector, { budgetDays: 7, crossChannelDays: 0 });
    try {
      const { context, page } = await fresh();
      await page.goto(fixture.site.page('/f/budget-a'));
      await shows(page);
      await page.keyboard.press('Escape');
      await page.goto(fixture.site.page('/f/budget-b'));
      await staysHidden(page, 900);
      await context.close();
      // A new visitor still sees it.
      const other = await fresh();
      await other.page.goto(fixture.site.page('/f/budget-b'));
      await shows(other.page);
      await other.context.close();
    } finally {
      await putSettings(collector, { budgetDays: 0, crossChannelDays: 0 });
    }
  });

  it('cross-channel: not shown to a customer who answered a survey by email recently', async () => {
    const id = uniqueId('cross');
    await make(popup(id, '/f/cross'));
    await putSettings(collector, { budgetDays: 0, crossChannelDays: 30 });
    try {
      const customer = uniqueId('cust-email');
      // The newsletter's email survey answer, stored under the customer (no browser involved).
      const res = await fetch(`${collector}/v1/sites/demo/server-events`, {
        method: 'POST',
        headers: { authorization: 'Bearer demo-write-key', 'content-type': 'application/json' },
        body: JSON.stringify({ events: [emailAnswer(customer)] }),
      });
      expect(res.status).toBe(200);

      const { context, page } = await fresh();
      await page.goto(fixture.site.page('/f/cross-login'));
      await visitorOf(page);
      await page.evaluate((c) => (window as any).hoptrail.identify(c), customer);
      await flush(page);
      await page.goto(fixture.site.page('/f/cross'));
      await staysHidden(page, 1000);
      await context.close();

      // Someone without an email answer sees it.
      const other = await fresh();
      await other.page.goto(fixture.site.page('/f/cross'));
      await shows(other.page);
      await other.context.close();
    } finally {
      await putSettings(collector, { budgetDays: 0, crossChannelDays: 0 });
    }
  });
});
