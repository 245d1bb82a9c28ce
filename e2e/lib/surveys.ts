import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { fetchJourney, type ApiEvent } from './journey';

export const DEV_WRITE_KEY = 'demo-write-key';
const fixture = readFileSync(path.join(__dirname, '../fixtures/surveys/page.html'), 'utf8');

/** A survey definition for the demo site; ids are made unique per run so reruns never collide. */
export type SurveyDef = Record<string, unknown> & { id: string };
const run = Date.now().toString(36);
export const uniqueId = (name: string) => `${name}-${run}`;

export async function api(collector: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${collector}/v1/sites/demo${route}`, {
    method,
    headers: { authorization: `Bearer ${method === 'GET' ? 'demo-read-key' : DEV_WRITE_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

export const createSurvey = (collector: string, survey: SurveyDef) => api(collector, 'POST', '/surveys', survey);
export const removeSurvey = (collector: string, id: string) => api(collector, 'DELETE', `/surveys/${id}`);
export const putSettings = (collector: string, settings: { budgetDays: number; crossChannelDays: number }) =>
  api(collector, 'PUT', '/survey-settings', settings);

export interface FixtureOptions {
  lang?: string;
  style?: string;
  body?: string;
  /** Script run before the SDK loads (stub calls are queued). */
  before?: string;
  height?: number;
}

/**
 * A customer's site on its own origin: every path serves the fixture page (the survey's URL rules pick
 * the path), with the options registered for that path.
 */
export async function startFixtureSite(collector: string) {
  const options = new Map<string, FixtureOptions>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const o = options.get(url.pathname) ?? {};
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      fixture
        .replaceAll('{{COLLECTOR}}', collector)
        .replace('{{LANG}}', o.lang ?? 'en')
        .replace('{{STYLE}}', o.style ?? '')
        .replace('{{BEFORE}}', o.before ?? '')
        .replace('{{BODY}}', o.body ?? '')
        .replace('{{HEIGHT}}', String(o.height ?? 100)),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://localhost:${(server.address() as { port: number }).port}`;
  return {
    origin,
    /** Registers a page and returns its URL. */
    page(pathname: string, o: FixtureOptions = {}) {
      options.set(pathname, o);
      return origin + pathname;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The pop-up or inline widget's dialog/region inside its shadow root (playwright pierces open roots). */
export const widget = (page: Page) => page.locator('[data-hoptrail-widget] section');

export async function visitorOf(page: Page): Promise<string> {
  await page.waitForFunction(() => !(window as any).hoptrail.q);
  return page.evaluate(() => (window as any).hoptrail.visitorId() as string);
}

export async function flush(page: Page) {
  await page.evaluate(() => (window as any).hoptrail.flush());
}

/** Survey events of a visitor, once at least `expected` have arrived. */
export async function surveyEvents(collector: string, visitorId: string, expected: number, timeoutMs = 10_000): Promise<ApiEvent[]> {
  const deadline = Date.now() + timeoutMs;
  let events: ApiEvent[] = [];
  while (Date.now() < deadline) {
    events = (await fetchJourney(collector, visitorId)).filter((e) => e.type.startsWith('survey_'));
    if (events.length >= expected) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  return events;
}

/** Whether the page asked for the widget chunk at all. */
export function watchChunk(page: Page) {
  const loaded = { chunk: false };
  page.on('request', (r) => {
    if (/\/sdk\/[^/]+\/survey\.js$/.test(r.url())) loaded.chunk = true;
  });
  return loaded;
}

/** A minimal survey on one path of the fixture site, shown on page load. */
export function popup(id: string, pathname: string, over: Record<string, unknown> = {}): SurveyDef {
  return {
    id,
    name: id,
    questions: [{ id: 'score', type: 'nps', text: 'How likely are you to recommend us?' }],
    targeting: { include: [{ match: 'exact', value: pathname }] },
    ...over,
  };
}

/**
 * One Chromium per test file, a fresh context (fresh storage and HTTP cache: a new visitor) per test.
 * `pageErrors` collects uncaught errors of the context's pages: surveys must never cause one.
 */
export async function launchShared() {
  const { chromium } = await import('playwright-core');
  const { ARGS, CHROMIUM_PATH } = await import('./browser');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
  return {
    async newContext(options: Parameters<typeof browser.newContext>[0] = {}) {
      const context = await browser.newContext(options);
      const pageErrors: string[] = [];
      context.on('page', (p) => p.on('pageerror', (err) => pageErrors.push(err.message)));
      return { context, pageErrors, newPage: () => context.newPage() };
    },
    close: () => browser.close(),
  };
}

/**
 * The setup every survey e2e file shares: one Chromium and one fixture site for the file, and the
 * surveys it makes (`make`) removed after each test. `shared` and `site` are set once beforeAll ran.
 */
export function useSurveyFixture(collector: string) {
  const made: string[] = [];
  const fixture = {
    shared: undefined as unknown as Awaited<ReturnType<typeof launchShared>>,
    site: undefined as unknown as Awaited<ReturnType<typeof startFixtureSite>>,
    async make(def: SurveyDef) {
      await createSurvey(collector, def);
      made.push(def.id);
    },
  };
  beforeAll(async () => {
    fixture.shared = await launchShared();
    fixture.site = await startFixtureSite(collector);
  });
  afterAll(async () => {
    await fixture.shared?.close();
    await fixture.site?.close();
  });
  afterEach(async () => {
    while (made.length) await removeSurvey(collector, made.pop()!);
  });
  return fixture;
}

/** An answer given by email, as the site's server records it through the server-events API. */
export function emailAnswer(customerId: string) {
  const now = Date.now();
  return {
    id: `email-${customerId}-${now}`,
    type: 'survey_answered',
    customerId,
    ts: now - 1000,
    props: { surveyId: 'email-csat', responseId: `email-response-${now}`, channel: 'email', questionId: 'q', questionType: 'csat', value: 5, completed: true },
  };
}
