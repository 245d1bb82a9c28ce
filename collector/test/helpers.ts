import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import type { HoptrailEvent } from '../src/schema/event';
import { createKey } from '../src/store/keys';
import { createSite } from '../src/store/sites';
import { drained } from './ingestOutcome';
import { fetchWorker } from './worker';

export const ORIGIN = 'https://collector.test';

/** Makes a site with a read and a write key; returns the keys (shown once, as in production). */
export async function seedSite(site: string) {
  await createSite(env.DB, site);
  return { read: await createKey(env.DB, site, 'read'), write: await createKey(env.DB, site, 'write') };
}

let counter = 0;
/** A valid event id in the SDK's format (UUIDv7-shaped), unique within the test run. */
export function eventId(): string {
  counter++;
  return `0190f0f0-0000-7000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function pageview(site: string, visitorId: string, over: Partial<HoptrailEvent> = {}): HoptrailEvent {
  return {
    id: eventId(),
    site,
    type: 'pageview',
    visitorId,
    sessionId: 'session-0001',
    seq: 0,
    ts: Date.now() - 1000,
    url: 'https://shop.example/pricing?utm_source=news',
    props: { title: 'Pricing', viewport: '1280x720', lang: 'en-GB', utm: { source: 'news' } },
    ...over,
  } as HoptrailEvent;
}

export function customEvent(site: string, visitorId: string, over: Partial<HoptrailEvent> = {}): HoptrailEvent {
  return {
    id: eventId(),
    site,
    type: 'event',
    name: 'signup_clicked',
    visitorId,
    sessionId: 'session-0001',
    seq: 1,
    ts: Date.now() - 500,
    url: 'https://shop.example/pricing',
    props: { plan: 'pro' },
    ...over,
  } as HoptrailEvent;
}

export function identify(
  site: string,
  visitorId: string,
  customerId: string,
  traits?: Record<string, unknown>,
  over: Partial<HoptrailEvent> = {},
): HoptrailEvent {
  return {
    id: eventId(),
    site,
    type: 'identify',
    visitorId,
    sessionId: 'session-0001',
    seq: 5,
    ts: Date.now() - 100,
    props: { customerId, ...(traits && { traits }) },
    ...over,
  } as HoptrailEvent;
}

/** POST /v1/events. With the ingest queue bound, returns once the consumer has stored the batch. */
export function postEvents(body: unknown, contentType = 'text/plain;charset=UTF-8', headers: Record<string, string> = {}) {
  return drained(() =>
    fetchWorker(`${ORIGIN}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body: typeof body === 'string' || body instanceof ReadableStream ? body : JSON.stringify(body),
    }),
  );
}

/**
 * The fields an ingest answer refused (a 2xx: the valid events of the batch are stored, each bad one
 * is listed with its index and field). Fails the test on any other answer.
 */
export async function refusedFields(res: Response): Promise<string[]> {
  const body = await res.json<{ refused?: { index: number; field: string; message: string }[] }>();
  expect([200, 202], JSON.stringify(body)).toContain(res.status);
  for (const r of body.refused!) expect(r.message).toContain(r.field);
  return body.refused!.map((r) => r.field);
}

export function read(path: string, key?: string) {
  return fetchWorker(`${ORIGIN}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
}

export async function countRows(table: string, where = '1=1', ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...params)
    .first<{ n: number }>();
  return row!.n;
}

/** The props of a survey_answered event for an NPS question, as the survey widget sends them. */
export function npsAnswer(value: number, surveyId = 'nps-survey') {
  return { surveyId, responseId: `response-${surveyId}-${value}`, channel: 'web', questionId: 'nps', questionType: 'nps', value, completed: true } as const;
}

/** Creates a survey definition through the API (write key); fails the test unless it is created. */
export async function createSurvey(site: string, writeKey: string, survey: unknown) {
  const res = await fetchWorker(`${ORIGIN}/v1/sites/${site}/surveys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(survey),
  });
  expect(res.status).toBe(201);
}

/** Declares the site's own hosts (PUT …/hosts): newsletter clicks to them carry the landing identity. */
export async function putHosts(site: string, writeKey: string, hosts: string[]) {
  const res = await fetchWorker(`${ORIGIN}/v1/sites/${site}/hosts`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hosts }),
  });
  expect(res.status).toBe(200);
}

/**
 * Builds stored event rows dated `daysAgo` before `now`, for tests that write history directly (the
 * public API clamps timestamps to the last 7 days).
 */
export const rowsDaysAgo =
  (now: number) =>
  (visitor: string, type: string, daysAgo: number, props: unknown = {}, name: string | null = null, session = 'session-0001'): EventRow => ({
    id: eventId(),
    visitor_id: visitor,
    session_id: session,
    seq: 0,
    type,
    name,
    ts: now - daysAgo * 86_400_000,
    client_ts: now - daysAgo * 86_400_000,
    url: null,
    path: null,
    props,
  });

/**
 * A large site in milliseconds: `events` page views (with a utm campaign) of `visitors` visitors in
 * turn, one a millisecond from `t0`, written by SQL with the visitors' rows (no projections run).
 */
export async function seedPageviews(site: string, events: number, visitors: number, t0: number) {
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?2 - 1)
     INSERT INTO events (site, id, visitor_id, session_id, seq, type, name, ts, client_ts, received_at, url, path, props, source, batch_id)
     SELECT ?1, printf('evt-%08d', i), printf('visitor-%04d', i % ?3), 'session-0001', i, 'pageview', NULL, ?4 + i, ?4 + i, ?4 + i,
            'https://shop.example/p', '/p', json_object('title', 'Page ' || i, 'utm', json_object('campaign', 'nov')), 'server', 'seed'
     FROM n`,
  )
    .bind(site, events, visitors, t0)
    .run();
  await env.DB.prepare(
    `INSERT INTO visitors (site, visitor_id, first_seen, last_seen, events)
     SELECT site, visitor_id, min(ts), max(ts), count(*) FROM events WHERE site = ?1 GROUP BY visitor_id`,
  )
    .bind(site)
    .run();
}
