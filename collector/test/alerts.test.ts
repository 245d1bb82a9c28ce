import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_ATTEMPTS } from '../src/alerts/retrySchedule';
import worker from '../src/index';
import { EVERY_MINUTE } from '../src/scheduled';
import { eventId, npsAnswer, ORIGIN, pageview, postEvents, refusedFields, seedSite } from './helpers';
import { fetchWorker } from './worker';

/**
 * Alerts in the Workers runtime with real D1: subscriptions and their validation, each trigger kind
 * reaching the outbox, retries with backoff to dead-letter, the log and redeliver. Destinations here
 * refuse connections (nothing listens on port 9), so every try is a real failed fetch; successful
 * signed delivery to a live receiver is proven end to end (e2e/alerts.test.ts).
 */
const SITE = 'alerts-site';
const DOWN = 'http://127.0.0.1:9/hook';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

const api = (method: string, path: string, body?: unknown, key = keys.write) =>
  fetchWorker(`${ORIGIN}/v1/sites/${SITE}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function subscribe(trigger: unknown, destination: unknown = { kind: 'webhook', url: DOWN }) {
  const res = await api('POST', '/subscriptions', { trigger, destination });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json<{ subscription: { id: string }; secret: string }>();
}

interface LogEntry {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
  payload: Record<string, any>;
}
const log = async (subscriptionId: string) => (await (await api('GET', `/subscriptions/${subscriptionId}/deliveries`, undefined, keys.read)).json<{ deliveries: LogEntry[] }>()).deliveries;

/** Polls until the log satisfies `done` (the immediate attempt runs after the response, in waitUntil). */
async function logWhen(subscriptionId: string, done: (entries: LogEntry[]) => boolean): Promise<LogEntry[]> {
  return vi.waitFor(
    async () => {
      const entries = await log(subscriptionId);
      if (!done(entries)) throw new Error(`delivery log never matched: ${JSON.stringify(entries)}`);
      return entries;
    },
    { timeout: 10_000, interval: 25 },
  );
}

async function cron(scheduledTime = Date.now()) {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime, cron: EVERY_MINUTE }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const answerEvent = (visitorId: string, value: number, surveyId = 'nps-survey') => ({
  ...pageview(SITE, visitorId),
  type: 'survey_answered',
  url: 'https://shop.example/checkout',
  props: { ...npsAnswer(value, surveyId), responseId: `r-${eventId()}` },
});

/** Posts browser events and fails the test if any is refused. */
const post = async (events: unknown[]) => expect(await refusedFields(await postEvents({ sentAt: Date.now(), events }))).toEqual([]);

const serverEvents = (events: unknown[]) => api('POST', '/server-events', { events });

describe('subscriptions API', () => {
  it('answers 400 naming the field for a bad trigger, destination, segment or Zendesk setup', async () => {
    const cases: [unknown, string][] = [
      [{ trigger: { kind: 'weather' }, destination: { kind: 'webhook', url: DOWN } }, 'trigger.kind'],
      [{ trigger: { kind: 'survey_answer', max: 'six' }, destination: { kind: 'webhook', url: DOWN } }, 'trigger.max'],
      [{ trigger: { kind: 'survey_answer' }, destination: { kind: 'webhook', url: 'ftp://x.example/' } }, 'destination.url'],
      [{ trigger: { kind: 'ticket', on: 'open_longer' }, destination: { kind: 'slack', url: DOWN } }, 'trigger.hours'],
      [{ trigger: { kind: 'score_drop', points: 5, days: 0 }, destination: { kind: 'slack', url: DOWN } }, 'trigger.days'],
      [{ trigger: { kind: 'segment', segment: 'no-such-segment' }, destination: { kind: 'webhook', url: DOWN } }, 'trigger.segment'],
      [{ trigger: { kind: 'survey_answer' }, destination: { kind: 'zendesk', email: 'a@b.example', token: 'token-123456' } }, 'destination.subdomain'],
      [{ trigger: { kind: 'survey_answer' }, destination: { kind: 'zendesk', subdomain: 'acme', email: 'not-an-email', token: 'token-123456' } }, 'destination.email'],
    ];
    for (const [body, field] of cases) {
      const res = await api('POST', '/subscriptions', body);
      const answer = await res.json<{ error: string; field: string }>();
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(answer.field).toBe(field);
      expect(answer.error).toContain(field);
    }
  });

  it('shows the signing secret once, lists subscriptions with masked URLs and no secret, and needs the write key', async () => {
    const { subscription, secret } = await subscribe({ kind: 'survey_answer', choice: 'Price' }, { kind: 'slack', url: 'https://hooks.slack.com/services/T000/B000/abcdefSECRET' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await (await api('GET', '/subscriptions')).text();
    expect(listed).toContain(subscription.id);
    expect(listed).not.toContain('abcdefSECRET');
    expect(listed).not.toContain(secret);
    expect((await api('GET', '/subscriptions', undefined, keys.read)).status).toBe(401);
    expect((await api('DELETE', `/subscriptions/${subscription.id}`)).status).toBe(204);
    expect((await api('GET', `/subscriptions/${subscription.id}`)).status).toBe(404);
  });
});

describe('triggers', () => {
  it('a detractor NPS answer enqueues one signed delivery and tries it at once; a promoter and a retried batch add none', async () => {
    const { subscription } = await subscribe({ kind: 'survey_answer', surveyId: 'nps-survey', questionType: 'nps', max: 6 });
    const detractor = answerEvent('v-detractor', 3);
    const batch = { sentAt: Date.now(), events: [detractor] };
    expect(await refusedFields(await postEvents(batch))).toEqual([]);
    expect(await refusedFields(await postEvents(batch))).toEqual([]);
    await post([answerEvent('v-promoter', 10)]);
    const entries = await logWhen(subscription.id, (e) => e.length === 1 && e[0].attempts === 1);
    expect(entries[0]).toMatchObject({ type: 'survey.answered', status: 'pending' });
    expect(entries[0].lastError).toMatch(/./);
    expect(entries[0].payload).toMatchObject({ type: 'survey.answered', data: { answer: { questionType: 'nps', value: 3 }, person: { visitorId: 'v-detractor' } } });
    expect(entries[0].payload.data.link).toBe(`${ORIGIN}/dashboard/#/visitors/v-detractor`);
    await cron();
    expect(await log(subscription.id)).toHaveLength(1);
  });

  it('a ticket reopened (server events) is raised by the cron', async () => {
    const { subscription } = await subscribe({ kind: 'ticket', on: 'reopened' });
    const now = Date.now();
    const res = await serverEvents([
      { id: 'alert-t1-open', type: 'ticket_opened', customerId: 'cust-reopen', ts: now - 60_000, props: { ticketId: 't1', helpdesk: 'zendesk', status: 'open' } },
      { id: 'alert-t1-upd', type: 'ticket_updated', customerId: 'cust-reopen', ts: now - 30_000, props: { ticketId: 't1', helpdesk: 'zendesk', status: 'open', reopened: true, reopenCount: 1 } },
    ]);
    expect(res.status).toBe(200);
    await cron();
    const entries = await logWhen(subscription.id, (e) => e.length === 1);
    expect(entries[0]).toMatchObject({ type: 'ticket.reopened', payload: { data: { ticket: { ticketId: 't1', change: 'reopened' }, person: { customerId: 'cust-reopen' } } } });
  });

  it('a ticket open longer than N hours alerts once; a resolved one does not', async () => {
    const { subscription } = await subscribe({ kind: 'ticket', on: 'open_longer', hours: 2 });
    const now = Date.now();
    const hours = (h: number) => now - h * 3_600_000;
    expect(
      (
        await serverEvents([
          { id: 'alert-t2-open', type: 'ticket_opened', customerId: 'cust-slow', ts: hours(3), props: { ticketId: 't2', helpdesk: 'zendesk', subject: 'Refund' } },
          { id: 'alert-t3-open', type: 'ticket_opened', customerId: 'cust-fast', ts: hours(3), props: { ticketId: 't3', helpdesk: 'zendesk' } },
          { id: 'alert-t3-done', type: 'ticket_resolved', customerId: 'cust-fast', ts: hours(2.5), props: { ticketId: 't3', helpdesk: 'zendesk' } },
        ])
      ).status,
    ).toBe(200);
    await cron(now);
    await cron(now + 60_000);
    const entries = await log(subscription.id);
    expect(entries.map((e) => e.payload.data.ticket.ticketId)).toEqual(['t2']);
    expect(entries[0]).toMatchObject({ type: 'ticket.open_too_long', payload: { data: { ticket: { subject: 'Refund' } } } });
  });

  it('a person entering and then leaving a built-in segment is announced once per move', async () => {
    const { subscription } = await subscribe({ kind: 'segment', segment: 'nps-detractors', on: 'both' });
    const now = Date.now();
    await post([{ ...answerEvent('v-mover-01', 1, 'seg-survey'), ts: now - 5000 }]);
    await cron(now);
    await cron(now + 60_000);
    expect((await log(subscription.id)).map((e) => e.type)).toEqual(['segment.entered']);
    await post([{ ...answerEvent('v-mover-01', 10, 'seg-survey'), ts: now - 1000 }]);
    await cron(now + 120_000);
    expect((await log(subscription.id)).map((e) => e.type).sort()).toEqual(['segment.entered', 'segment.left']);
  });

  it('a customer entering a saved segment (a trait rule) is announced with the customer card link', async () => {
    const saved = await api('POST', '/segments', { name: 'Pro plan', rule: { all: [{ trait: { key: 'plan', equals: 'pro' } }] } });
    expect(saved.status).toBe(201);
    const { segment } = await saved.json<{ segment: { id: string } }>();
    const { subscription } = await subscribe({ kind: 'segment', segment: segment.id });
    const now = Date.now();
    expect((await serverEvents([{ id: 'alert-upgrade-1', type: 'identify', customerId: 'cust-upgrade', ts: now - 1000, traits: { plan: 'pro' } }])).status).toBe(200);
    await cron(now);
    const [entry] = await logWhen(subscription.id, (e) => e.length === 1);
    expect(entry).toMatchObject({ type: 'segment.entered', payload: { data: { segment: { id: segment.id, change: 'enter' }, person: { customerId: 'cust-upgrade' } } } });
    expect(entry.payload.data.link).toBe(`${ORIGIN}/dashboard/#/customers/cust-upgrade`);
  });

  it('a Happy Index drop of at least N points within D days alerts', async () => {
    const { subscription } = await subscribe({ kind: 'score_drop', points: 1, days: 7 });
    const now = Date.now();
    const answers = [0, 1, 0].map((v, i) => ({ ...answerEvent('v-sliding', v, `drop-${i}`), ts: now - 10_000 + i }));
    await post(answers);
    await cron(now);
    const [entry] = await logWhen(subscription.id, (e) => e.length === 1);
    expect(entry.type).toBe('happy_index.dropped');
    expect(entry.payload.data.scoreDrop.from - entry.payload.data.scoreDrop.to).toBeGreaterThanOrEqual(1);
  });
});

describe('outbox', () => {
  it('retries with growing backoff, dead-letters after the last try, and redelivers on request', async () => {
    // Only this test's deliveries in the outbox: the earlier tests' would be retried by every run below.
    const { subscriptions } = await (await api('GET', '/subscriptions')).json<{ subscriptions: { id: string }[] }>();
    for (const s of subscriptions) expect((await api('DELETE', `/subscriptions/${s.id}`)).status).toBe(204);
    const { subscription } = await subscribe({ kind: 'survey_answer', surveyId: 'retry-survey' });
    await post([answerEvent('v-retry-01', 5, 'retry-survey')]);
    let [entry] = await logWhen(subscription.id, (e) => e.length === 1 && e[0].attempts === 1);
    // Not due yet one second later: the backoff holds it.
    await cron(Date.now() + 1000);
    expect((await log(subscription.id))[0].attempts).toBe(1);
    for (let t = Date.now(), i = 2; i <= MAX_ATTEMPTS; i++) {
      t += 24 * 3_600_000;
      await cron(t);
      [entry] = await log(subscription.id);
      expect(entry.attempts).toBe(i);
    }
    expect(entry.status).toBe('dead');
    await cron(Date.now() + 10 * 86_400_000);
    expect((await log(subscription.id))[0].attempts).toBe(MAX_ATTEMPTS);

    const redo = await api('POST', `/subscriptions/${subscription.id}/deliveries/${entry.id}/redeliver`);
    expect(redo.status).toBe(202);
    [entry] = await logWhen(subscription.id, (e) => e[0].attempts === 1);
    expect(entry).toMatchObject({ status: 'pending', id: entry.id });
    expect((await api('POST', `/subscriptions/${subscription.id}/deliveries/msg_nope/redeliver`)).status).toBe(404);
  });
});
