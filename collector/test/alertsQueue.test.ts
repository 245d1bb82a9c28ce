import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, expect, it, vi } from 'vitest';
import { QUEUE_GRACE_MS, RETRY_BASE_SECONDS } from '../src/alerts/retrySchedule';
import worker from '../src/index';
import { EVERY_MINUTE } from '../src/scheduled';
import { eventId, npsAnswer, ORIGIN, pageview, postEvents, refusedFields, seedSite } from './helpers';
import { fetchWorker } from './worker';

/**
 * Alerts with the alert queue bound (collector-queue project: a real Miniflare queue, ALERT_QUEUE): the
 * cron raises what the queued ingest stored, the queue consumer makes the try, and the cron's outbox
 * drain leaves a queued retry to the queue instead of sending it a second time.
 */
const SITE = 'alerts-queue-site';
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

async function cron(scheduledTime: number) {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime, cron: EVERY_MINUTE }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const attemptsOf = async (id: string) =>
  (await (await api('GET', `/subscriptions/${id}/deliveries`, undefined, keys.read)).json<{ deliveries: { attempts: number; status: string }[] }>()).deliveries;

it('tries a delivery through the alert queue and leaves its retry to the queue, not to the cron drain', async () => {
  const created = await api('POST', '/subscriptions', { trigger: { kind: 'survey_answer', max: 6 }, destination: { kind: 'webhook', url: 'http://127.0.0.1:9/hook' } });
  expect(created.status).toBe(201);
  const { subscription } = await created.json<{ subscription: { id: string } }>();
  const answer = { ...pageview(SITE, 'visitor-queued-1'), type: 'survey_answered', props: { ...npsAnswer(2), responseId: `r-${eventId()}` } };
  expect(await refusedFields(await postEvents({ sentAt: Date.now(), events: [answer] }))).toEqual([]);
  const now = Date.now();
  await cron(now);
  let deliveries = await vi.waitFor(
    async () => {
      const found = await attemptsOf(subscription.id);
      if (found[0]?.attempts !== 1) throw new Error(`first attempt not made: ${JSON.stringify(found)}`);
      return found;
    },
    { timeout: 10_000, interval: 25 },
  );
  expect(deliveries).toMatchObject([{ attempts: 1, status: 'pending' }]);
  // Due again after the first backoff, but the queue holds that retry: the drain does not send it too.
  await cron(now + RETRY_BASE_SECONDS * 1000 + 1000);
  expect((await attemptsOf(subscription.id))[0].attempts).toBe(1);
  // A lost message: past the grace period the drain takes the delivery over.
  await cron(now + RETRY_BASE_SECONDS * 1000 + QUEUE_GRACE_MS + 60_000);
  expect((await attemptsOf(subscription.id))[0].attempts).toBe(2);
});
