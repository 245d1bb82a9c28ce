import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEV_WRITE_KEY, flush, popup, surveyEvents, uniqueId, useSurveyFixture, visitorOf, widget } from './lib/surveys';

// The follow-up survey after a resolved ticket (targeting.ticketResolved), in Chromium: the ticket's
// lifecycle arrives from the site's servers, the survey shows on the person's next page view, and on
// another of their devices it does not show again for the same ticket (a plain pop-up on the same page
// shows instead, which proves the widget ran and chose), but does for the next ticket.
const collector = inject('collectorUrl');
const fixture = useSurveyFixture(collector);

const FOLLOW_UP = 'How did we do with your request?';
const CONTROL = 'How likely are you to recommend us?';

async function resolve(customerId: string, ticketId: string) {
  const res = await fetch(`${collector}/v1/sites/demo/server-events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_WRITE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ id: uniqueId(`resolve-${ticketId}`), type: 'ticket_resolved', customerId, ts: Date.now() - 1000, props: { ticketId, helpdesk: 'zendesk' } }] }),
  });
  expect(res.status).toBe(200);
}

/** A device (fresh browser storage) of the customer: it identifies on a page no survey targets. */
async function device(customerId: string) {
  const { context, pageErrors } = await fixture.shared.newContext();
  const page = await context.newPage();
  await page.goto(fixture.site.page('/ft/login'));
  const visitorId = await visitorOf(page);
  await page.evaluate((c) => (window as any).hoptrail.identify(c), customerId);
  await flush(page);
  return { context, page, pageErrors, visitorId };
}

const showsText = (page: Page, text: string) => expect.poll(async () => (await widget(page).isVisible()) && (await widget(page).innerText()), { timeout: 8000 }).toContain(text);

describe('follow-up survey after a resolved ticket', () => {
  it('shows on the next visit after a resolution, not again for the same ticket on another device, again for the next ticket', async () => {
    const path = '/ft/account';
    const followUp = uniqueId('after-ticket');
    await fixture.make(
      popup(followUp, path, {
        questions: [{ id: 'csat', type: 'csat', text: FOLLOW_UP }],
        targeting: { include: [{ match: 'exact', value: path }], ticketResolved: {} },
        fatigue: { repeat: 'untilAnswered' },
      }),
    );
    await fixture.make(popup(uniqueId('ft-control'), path)); // created later: shows only when the follow-up does not
    const customer = uniqueId('ft-customer');

    const laptop = await device(customer);
    await resolve(customer, 'T-1');
    await laptop.page.goto(fixture.site.page(path));
    await showsText(laptop.page, FOLLOW_UP);
    await flush(laptop.page);
    const [shown] = await surveyEvents(collector, laptop.visitorId, 1);
    expect(shown.props).toMatchObject({ surveyId: followUp, trigger: 'ticket', ticketRef: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(JSON.stringify(shown.props)).not.toContain('T-1');

    // The same person on a phone: ticket T-1 was followed up already.
    const phone = await device(customer);
    await phone.page.goto(fixture.site.page(path));
    await showsText(phone.page, CONTROL);
    expect(await widget(phone.page).innerText()).not.toContain(FOLLOW_UP);

    // A new ticket resolved: the phone's next visit asks about it.
    await resolve(customer, 'T-2');
    await phone.page.goto(fixture.site.page(path));
    await showsText(phone.page, FOLLOW_UP);

    expect([...laptop.pageErrors, ...phone.pageErrors]).toEqual([]);
    await Promise.all([laptop.context.close(), phone.context.close()]);
  });
});
