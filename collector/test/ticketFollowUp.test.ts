import { beforeAll, describe, expect, it } from 'vitest';
import { createSurvey, eventId, identify, ORIGIN, pageview, postEvents, read, seedSite } from './helpers';
import { fetchWorker } from './worker';

// The follow-up survey after a resolved ticket (targeting.ticketResolved): the collector offers it on
// the person's next page view after a resolution, once per ticket, on any of their devices.
const SITE = 'ticket-follow-up';
const MIN = 60_000;
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
  await createSurvey(SITE, keys.write, {
    id: 'after-ticket',
    name: 'How did we do?',
    questions: [{ id: 'csat', type: 'csat', text: 'How satisfied are you with how we solved your request?' }],
    targeting: { ticketResolved: { withinDays: 3 } },
    fatigue: { repeat: 'everyNDays', days: 1 },
  });
});

async function ticket(customerId: string, ticketId: string, type: string, minutesAgo: number, props: Record<string, unknown> = {}) {
  const res = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/server-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.write}` },
    body: JSON.stringify({ events: [{ id: `t-${eventId()}`, type, customerId, ts: Date.now() - minutesAgo * MIN, props: { ticketId, helpdesk: 'zendesk', ...props } }] }),
  });
  expect(res.status).toBe(200);
}

async function dueFor(visitorId: string): Promise<Record<string, string>> {
  const res = await read(`/v1/sites/${SITE}/surveys/visitors/${visitorId}`);
  expect(res.status).toBe(200);
  return (await res.json<{ ticketFollowUp: Record<string, string> }>()).ticketFollowUp;
}

/** The widget showing the follow-up for `ticketRef`, as the SDK sends it. */
const shown = (visitorId: string, ticketRef: string) =>
  postEvents({
    events: [
      { ...pageview(SITE, visitorId), id: eventId(), type: 'survey_shown', url: undefined, props: { surveyId: 'after-ticket', responseId: `resp-${eventId()}`, channel: 'web', trigger: 'ticket', ticketRef } },
    ],
  });

describe('follow-up survey after a resolved ticket', () => {
  it('is due on the next visit after a resolution, once per ticket, on every device of the person', async () => {
    await postEvents({ events: [pageview(SITE, 'laptop-follow-1'), identify(SITE, 'laptop-follow-1', 'cust-follow-1')] });
    expect(await dueFor('laptop-follow-1')).toEqual({});

    await ticket('cust-follow-1', 'T-100', 'ticket_opened', 30);
    expect(await dueFor('laptop-follow-1')).toEqual({}); // open, not resolved
    await ticket('cust-follow-1', 'T-100', 'ticket_resolved', 20);
    const first = (await dueFor('laptop-follow-1'))['after-ticket'];
    expect(first).toMatch(/^[0-9a-f]{32}$/); // an opaque ref: the public endpoint never names the ticket
    // The person's other device, identified later, is due the same follow-up.
    await postEvents({ events: [pageview(SITE, 'phone-follow-1'), identify(SITE, 'phone-follow-1', 'cust-follow-1')] });
    expect(await dueFor('phone-follow-1')).toEqual({ 'after-ticket': first });

    await shown('phone-follow-1', first);
    expect(await dueFor('laptop-follow-1')).toEqual({});
    expect(await dueFor('phone-follow-1')).toEqual({});

    // Reopened and solved again: the same ticket, so not asked again.
    await ticket('cust-follow-1', 'T-100', 'ticket_updated', 10, { reopened: true });
    await ticket('cust-follow-1', 'T-100', 'ticket_resolved', 9);
    expect(await dueFor('laptop-follow-1')).toEqual({});

    // A new ticket resolved: a new follow-up, with another ref.
    await ticket('cust-follow-1', 'T-200', 'ticket_resolved', 5);
    const second = (await dueFor('laptop-follow-1'))['after-ticket'];
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
  });

  it('waits while a resolved ticket is reopened, and ignores resolutions older than the window or of other people', async () => {
    await postEvents({ events: [pageview(SITE, 'laptop-follow-2'), identify(SITE, 'laptop-follow-2', 'cust-follow-2')] });
    await ticket('cust-follow-2', 'T-300', 'ticket_resolved', 20);
    await ticket('cust-follow-2', 'T-300', 'ticket_updated', 10, { reopened: true });
    expect(await dueFor('laptop-follow-2')).toEqual({});

    await ticket('cust-follow-2', 'T-301', 'ticket_resolved', 4 * 24 * 60); // 4 days ago, window is 3
    expect(await dueFor('laptop-follow-2')).toEqual({});

    await ticket('cust-someone-else', 'T-302', 'ticket_resolved', 5);
    expect(await dueFor('laptop-follow-2')).toEqual({});
    expect(await dueFor('anonymous-follow-2')).toEqual({}); // a visitor with no customer has no tickets
  });

  it('publishes the trigger to the SDK, and refuses it combined with an event trigger (400 naming the field)', async () => {
    const active = await (await read(`/v1/sites/${SITE}/surveys/active`)).json<{ surveys: { id: string; targeting: Record<string, unknown>; gate?: { after: string } }[] }>();
    const survey = active.surveys.find((s) => s.id === 'after-ticket')!;
    expect(survey.targeting.ticketResolved).toEqual({ withinDays: 3 });
    expect(survey.gate!.after).toBe('pageview');

    const res = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/surveys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', questions: [{ id: 'q', type: 'thumbs', text: 'Ok?' }], targeting: { ticketResolved: {}, event: 'checkout' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'targeting.ticketResolved' });
  });
});
