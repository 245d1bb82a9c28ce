import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { launchShared, visitorOf, widget } from './lib/surveys';
import { startWebhookReceiver, type WebhookReceiver } from './lib/webhookReceiver';

/**
 * Alerts end to end: `wrangler dev` (the e2e collector, with --test-scheduled and 1 s retry backoff)
 * delivering to a real HTTP receiver in this process, which verifies every signature with the
 * standardwebhooks library. Latency and retry figures are printed (`alerts:` lines) for the report.
 */
const collector = inject('collectorUrl');
let receiver: WebhookReceiver;
let shared: Awaited<ReturnType<typeof launchShared>>;
const made: string[] = [];
const run = Date.now().toString(36);

async function call(method: string, route: string, body?: unknown, key = 'demo-write-key') {
  const res = await fetch(`${collector}/v1/sites/demo${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

async function subscribe(trigger: unknown, destination: unknown): Promise<{ id: string; secret: string }> {
  const { subscription, secret } = (await call('POST', '/subscriptions', { trigger, destination })) as { subscription: { id: string }; secret: string };
  made.push(subscription.id);
  return { id: subscription.id, secret };
}

/** Runs the per-minute cron once (wrangler dev --test-scheduled). */
const tick = () => fetch(`${collector}/__scheduled?cron=${encodeURIComponent('* * * * *')}`).then((r) => r.text());

/** Polls `check` (driving the cron each round when asked) until it returns something truthy. */
async function until<T>(check: () => T | Promise<T>, { cron = false, timeoutMs = 30_000 } = {}): Promise<NonNullable<T>> {
  return vi.waitFor(
    async () => {
      const value = await check();
      if (value) return value as NonNullable<T>;
      if (cron) await tick();
      throw new Error('condition not met in time');
    },
    { timeout: timeoutMs, interval: 100 },
  );
}

/** The accepted requests to `path`, or null while there are none. */
const acceptedAt = (path: string) => {
  const got = receiver.accepted(path);
  return got.length ? got : null;
};

const verify = (secret: string, r: { body: string; headers: Record<string, string> }) => new Webhook(secret).verify(r.body, r.headers) as Record<string, any>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  shared = await launchShared();
});
afterAll(async () => {
  for (const id of made) await call('DELETE', `/subscriptions/${id}`);
  await shared?.close();
  await receiver?.close();
});

describe('alerts to a real receiver', () => {
  it('signs every delivery per Standard Webhooks; a receiver down for a while gets each delivery once per webhook-id after retries', async () => {
    const surveyId = `alerts-${run}`;
    const { id, secret } = await subscribe({ kind: 'survey_answer', surveyId, max: 6 }, { kind: 'webhook', url: `${receiver.url}/generic` });
    receiver.setDown('/generic', true);
    const now = Date.now();
    const answers = [2, 4, 6, 9].map((value, i) => ({
      id: `alert-e2e-${run}-${i}`,
      type: 'survey_answered',
      customerId: `alerts-e2e-${run}-${i}`,
      ts: now - 1000,
      props: { surveyId, responseId: `resp-${run}-${i}`, channel: 'email', questionId: 'score', questionType: 'nps', value },
    }));
    const sentAt = Date.now();
    await call('POST', '/server-events', { events: answers });
    // Three detractor answers (the 9 matches nothing): each refused at least twice while the receiver is down.
    const refused = () => receiver.requests.filter((r) => r.path === '/generic' && r.status === 503);
    await until(() => new Set(refused().map((r) => r.headers['webhook-id'])).size === 3 && refused().length >= 6, { cron: true });
    receiver.setDown('/generic', false);
    const upAt = Date.now();
    await until(() => new Set(receiver.accepted('/generic').map((r) => r.headers['webhook-id'])).size === 3, { cron: true });
    // More cron runs change nothing: delivered rows are never sent again.
    for (let i = 0; i < 3; i++) await tick();
    await until(async () => {
      const { deliveries } = (await call('GET', `/subscriptions/${id}/deliveries`, undefined, 'demo-read-key')) as { deliveries: { status: string }[] };
      return deliveries.length === 3 && deliveries.every((d) => d.status === 'delivered');
    });

    const accepted = receiver.accepted('/generic');
    expect(accepted).toHaveLength(3);
    const all = receiver.requests.filter((r) => r.path === '/generic');
    for (const r of all) {
      const body = verify(secret, r);
      expect(body.type).toBe('survey.answered');
      expect(body.data.answer.value).toBeLessThanOrEqual(6);
    }
    // The id is the same on every try of one delivery; the timestamp is each try's own.
    for (const a of accepted) expect(all.filter((r) => r.headers['webhook-id'] === a.headers['webhook-id']).length).toBeGreaterThanOrEqual(3);
    // A tampered body fails verification.
    expect(() => verify(secret, { ...accepted[0], body: accepted[0].body.replace('survey.answered', 'survey.answere_') })).toThrow();
    const tries = all.length / 3;
    console.log(`alerts: receiver down ${upAt - sentAt} ms; ${all.length} requests for 3 deliveries (${tries.toFixed(1)} tries each); delivered ${Math.max(...accepted.map((r) => r.at)) - upAt} ms after it came back`);
  });

  it('creates a Zendesk ticket with API token auth and the journey summary', async () => {
    const surveyId = `alerts-zd-${run}`;
    const { secret } = await subscribe(
      { kind: 'survey_answer', surveyId },
      { kind: 'zendesk', url: `${receiver.url}/zendesk`, email: 'agent@shop.example', token: 'zd-token-123456', priority: 'urgent' },
    );
    await call('POST', '/server-events', {
      events: [
        { id: `alert-zd-${run}`, type: 'identify', customerId: `zd-${run}`, ts: Date.now() - 2000, traits: { email: 'pat@customer.example', name: 'Pat' } },
        { id: `alert-zd-${run}-a`, type: 'survey_answered', customerId: `zd-${run}`, ts: Date.now() - 1000, props: { surveyId, responseId: `resp-zd-${run}`, channel: 'email', questionId: 'score', questionType: 'nps', value: 1 } },
      ],
    });
    const [ticket] = await until(() => acceptedAt('/zendesk/api/v2/tickets.json'), { cron: true });
    expect(Buffer.from(ticket.headers.authorization.replace(/^Basic /, ''), 'base64').toString()).toBe('agent@shop.example/token:zd-token-123456');
    const body = verify(secret, ticket);
    expect(body.ticket).toMatchObject({ priority: 'urgent', tags: ['hoptrail'], comment: { public: false }, requester: { email: 'pat@customer.example', name: 'Pat' } });
    expect(body.ticket.subject).toContain('Pat answered NPS');
    expect(body.ticket.comment.body).toContain('Recent journey (newest first):');
    expect(body.ticket.comment.body).toContain(`/dashboard/#/customers/zd-${run}`);
  });
});

describe('the example site', () => {
  it('sends a detractor NPS answer to a Slack-shaped receiver within seconds', async () => {
    const { id } = await subscribe({ kind: 'survey_answer', surveyId: 'home-nps', questionType: 'nps', max: 6 }, { kind: 'slack', url: `${receiver.url}/slack/${run}` });
    const { context, pageErrors } = await shared.newContext();
    const page: Page = await context.newPage();
    await page.goto(`${collector}/`, { waitUntil: 'domcontentloaded' });
    // The home page's NPS popup (scripts/demoSurveys.mjs) shows after 5 s.
    await expect.poll(() => widget(page).isVisible(), { timeout: 30_000 }).toBe(true);
    const visitorId = await visitorOf(page);
    await widget(page).locator('label').filter({ has: page.getByRole('radio', { name: '3', exact: true }) }).click();
    // The batch carrying the answer: when the collector acknowledged it splits SDK batching from delivery.
    const stored = page
      .waitForResponse((r) => r.url().endsWith('/v1/events') && (r.request().postData() ?? '').includes('survey_answered'), { timeout: 20_000 })
      .then(() => Date.now());
    const answeredAt = Date.now();
    await widget(page).getByRole('button', { name: 'Next', exact: true }).click();
    // No cron here: the first attempt runs right after the batch is stored.
    const [message] = await until(() => acceptedAt(`/slack/${run}`), { timeoutMs: 20_000 });
    const storedAt = await stored;
    console.log(`alerts: detractor answer to Slack receiver in ${message.at - answeredAt} ms (SDK batch acknowledged after ${storedAt - answeredAt} ms, delivered ${message.at - storedAt} ms later)`);
    const slack = JSON.parse(message.body);
    expect(slack.text).toContain('answered NPS "score" of survey "home-nps": 3/10');
    expect(slack.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(slack.blocks[3].elements[0]).toMatchObject({ type: 'button', url: `${collector}/dashboard/#/visitors/${visitorId}` });
    expect(slack.blocks[2].fields[0].text).toMatch(/^\*Happy Index\*\n\d+(\.\d+)? \(/);
    const { deliveries } = (await call('GET', `/subscriptions/${id}/deliveries`, undefined, 'demo-read-key')) as { deliveries: { status: string; attempts: number }[] };
    expect(deliveries).toMatchObject([{ status: 'delivered', attempts: 1 }]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
