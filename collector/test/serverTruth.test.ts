import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/schema/limits';
import { identify, ORIGIN, postEvents, read, refusedFields, seedSite } from './helpers';
import { drained, outcome } from './ingestOutcome';
import { fetchWorker } from './worker';

// Server identify, the trust rule for traits, and backfilled history.
const SITE = 'truth-shop';
const DAY = 86_400_000;
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

function serverEvents(body: unknown) {
  return drained(() =>
    fetchWorker(`${ORIGIN}/v1/sites/${SITE}/server-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.write}` },
      body: JSON.stringify(body),
    }),
  );
}

const traitsOf = async (customerId: string) => {
  const res = await read(`/v1/sites/${SITE}/customers/${customerId}`, keys.read);
  return (await res.json<{ customer: { traits: Record<string, unknown> } }>()).customer.traits;
};

describe('server identify and the trust rule for traits', () => {
  it('a browser cannot overwrite or delete what the server set, nor set emailHash; it may add its own keys', async () => {
    const server = await serverEvents({
      events: [{ id: 'crm-1', type: 'identify', customerId: 'cust-t1', traits: { plan: 'enterprise', emailHash: 'a'.repeat(64), address: { city: 'Turin' } } }],
    });
    expect(await outcome(server)).toMatchObject({ accepted: 1 });
    expect(await traitsOf('cust-t1')).toEqual({ plan: 'enterprise', emailHash: 'a'.repeat(64), address: { city: 'Turin' } });

    // An attacker (or a stale page) identifies as the customer and tries to rewrite them.
    await postEvents({
      events: [
        identify(SITE, 'page-visitor-1', 'cust-t1', { plan: 'free', emailHash: 'b'.repeat(64), address: { city: 'Paris' }, theme: 'dark', nickname: 'ann' }),
        identify(SITE, 'page-visitor-1', 'cust-t1', { nickname: null, theme: { contrast: null, size: 'L' } }, { ts: Date.now() - 50 }),
      ],
    });
    expect(await traitsOf('cust-t1')).toEqual({
      plan: 'enterprise',
      emailHash: 'a'.repeat(64),
      address: { city: 'Turin' },
      theme: { size: 'L' },
      nickname: 'ann',
    });
  });

  it('the server may change and delete its keys (null deletes), and a key it names becomes server-owned', async () => {
    await postEvents({ events: [identify(SITE, 'page-visitor-2', 'cust-t2', { plan: 'free', color: 'blue' })] });
    const res = await serverEvents({ events: [{ id: 'crm-2', type: 'identify', customerId: 'cust-t2', traits: { color: null, plan: 'pro' } }] });
    expect(await outcome(res)).toMatchObject({ accepted: 1 });
    expect(await traitsOf('cust-t2')).toEqual({ plan: 'pro' });
    await postEvents({ events: [identify(SITE, 'page-visitor-2', 'cust-t2', { plan: 'free', color: 'red' })] });
    expect(await traitsOf('cust-t2')).toEqual({ plan: 'pro' });
  });

  it('a browser null never deletes a trait, even one the browser set', async () => {
    await postEvents({ events: [identify(SITE, 'page-visitor-3', 'cust-t3', { nickname: 'bo' })] });
    await postEvents({ events: [identify(SITE, 'page-visitor-3', 'cust-t3', { nickname: null })] });
    expect(await traitsOf('cust-t3')).toEqual({ nickname: 'bo' });
  });

  it('server identify needs a customerId and takes traits only for identify (refused, naming the field)', async () => {
    const noId = await serverEvents({ events: [{ id: 'crm-3', type: 'identify', emailHash: 'c'.repeat(64), traits: {} }] });
    expect(await refusedFields(noId)).toEqual(['events[0].customerId']);
    const stray = await serverEvents({ events: [{ id: 'crm-4', type: 'event', name: 'x', customerId: 'cust-t3', traits: { a: 1 } }] });
    expect(await refusedFields(stray)).toEqual(['events[0].traits']);
  });

  it('routes email-keyed server events to the customer whose emailHash the server set, not one a page claimed', async () => {
    const hash = 'd'.repeat(64);
    await postEvents({ events: [identify(SITE, 'page-visitor-4', 'attacker-account', { emailHash: hash })] });
    await serverEvents({ events: [{ id: 'crm-5', type: 'identify', customerId: 'victim', traits: { emailHash: hash } }] });
    const res = await serverEvents({ events: [{ id: 'tk-1', type: 'ticket_opened', emailHash: hash, props: { ticketId: '1', helpdesk: 'acme' } }] });
    expect((await outcome(res)).customerIds).toEqual(['victim']);
  });
});

describe('timestamps of server events', () => {
  it('re-dates events older than 7 days to 7 days ago and says so in `redated`', async () => {
    const now = Date.now();
    const old = now - 30 * DAY;
    const res = await serverEvents({
      events: [
        { id: 'late-1', type: 'event', name: 'invoice_paid', customerId: 'cust-r1', ts: now - DAY },
        { id: 'late-2', type: 'event', name: 'invoice_paid', customerId: 'cust-r1', ts: old },
        { id: 'late-3', type: 'event', name: 'invoice_paid', customerId: 'cust-r1', ts: now + DAY },
      ],
    });
    const body = await outcome(res);
    const redated = body.redated as { index: number; from: number; to: number }[];
    expect(redated.map((r) => [r.index, r.from])).toEqual([[1, old], [2, now + DAY]]);
    expect(redated[0].to).toBeGreaterThanOrEqual(now - LIMITS.maxEventAgeMs);
    expect(redated[0].to).toBeLessThan(now - LIMITS.maxEventAgeMs + 60_000);
    const stored = await env.DB.prepare("SELECT id, ts FROM events WHERE site = ? AND id = 'srv:late-2'").bind(SITE).first<{ ts: number }>();
    expect(stored!.ts).toBe(redated[0].to);
  });

  it('backfill keeps history as sent within retention, refuses older events, and rebuilds the people touched', async () => {
    const put = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/settings/retention`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ days: 365 }),
    });
    expect(put.status).toBe(200);
    const now = Date.now();
    const answer = (id: string, customerId: string, value: number, daysAgo: number) => ({
      id,
      type: 'survey_answered',
      customerId,
      ts: now - daysAgo * DAY,
      props: { surveyId: 'email-nps', responseId: `response-${id}`, channel: 'email', questionId: 'nps', questionType: 'nps', value, completed: true },
    });
    const res = await serverEvents({
      backfill: true,
      events: [answer('hist-1', 'cust-b1', 0, 60), answer('hist-2', 'cust-b1', 1, 20), answer('hist-3', 'cust-b2', 10, 400)],
    });
    const body = await res.json<Record<string, any>>();
    expect(res.status, JSON.stringify(body)).toBe(200); // written straight to D1, also with the ingest queue on
    expect(body).toMatchObject({ accepted: 2, duplicates: 0, redated: [] });
    expect(body.refused).toEqual([{ index: 2, field: 'events[2].ts', message: expect.stringContaining('retention of 365 days') }]);
    const ts = await env.DB.prepare("SELECT ts FROM events WHERE site = ? AND id = 'srv:hist-1'").bind(SITE).first<{ ts: number }>();
    expect(ts!.ts).toBe(now - 60 * DAY);
    // The person touched, with their score and segments after the import (the refused one is not touched).
    expect(body.people).toHaveLength(1);
    expect(body.people[0]).toMatchObject({ customerId: 'cust-b1', segments: expect.arrayContaining(['nps-detractors']) });
    const score = await (await read(`/v1/sites/${SITE}/customers/cust-b1/score`, keys.read)).json<{ score: number; baseline: number }>();
    expect(body.people[0].score).toBe(score.score);
    expect(score.score).toBeLessThan(score.baseline); // the imported detractor answers pull it down
  });
});
