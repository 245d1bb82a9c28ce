import { env } from 'cloudflare:test';
import { expect } from 'vitest';

/**
 * Lets the same ingest tests run on both paths (vitest.config.ts: direct D1; vitest.queue.config.ts:
 * through the ingest queue). Queued requests answer 202 `{ queued }` before anything is stored; the
 * helpers here wait until the real consumer has stored everything queued so far, reading its log
 * line per batch (`{"msg":"ingest queue stored", stored, duplicates}`), which is also what an
 * operator sees. So a test reads D1 after a request the same way on both paths.
 */
export const QUEUED = Boolean((env as { INGEST_QUEUE?: Queue }).INGEST_QUEUE);
/** What an accepted batch answers: 200 stored, or 202 queued. */
export const ACCEPTED_STATUS = QUEUED ? 202 : 200;

export interface Counts {
  accepted: number;
  duplicates: number;
}

// The consumer runs in this isolate (the test's Worker), so its console.log is this one.
const consumed: { site: string; stored: number; duplicates: number }[] = [];
let queuedEvents = 0;
if (QUEUED) {
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    const line = args[0];
    if (typeof line === 'string' && line.startsWith('{"msg":"ingest queue stored"')) {
      const entry = JSON.parse(line) as { queue: string; site: string; stored: number; duplicates: number };
      if (entry.queue === 'hoptrail-ingest') consumed.push(entry);
      return; // read here; echoing one line per batch would drown the test output
    }
    log(...args);
  };
}
const consumedEvents = () => consumed.reduce((n, e) => n + e.stored + e.duplicates, 0);
const outcomes = new WeakMap<Response, Counts>();

/** Sends an ingest request; on the queue path it returns once the consumer has stored all queued events. */
export async function drained(send: () => Promise<Response>): Promise<Response> {
  if (!QUEUED) return send();
  const from = consumed.length;
  const res = await send();
  if (res.status !== 202) return res;
  // Read the body first: `queuedEvents += await …` would read queuedEvents before the await, and
  // concurrent requests would overwrite each other's counts (the wait would end too early).
  const { queued } = await res.clone().json<{ queued: number }>();
  queuedEvents += queued;
  await untilDrained();
  const mine = consumed.slice(from);
  outcomes.set(res, {
    accepted: mine.reduce((n, e) => n + e.stored, 0),
    duplicates: mine.reduce((n, e) => n + e.duplicates, 0),
  });
  return res;
}

async function untilDrained(timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (consumedEvents() < queuedEvents) {
    if (Date.now() > deadline) throw new Error(`ingest queue did not drain: ${queuedEvents} events queued, ${consumedEvents()} stored`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The outcome of ONE accepted request, the same shape on both paths: `{ accepted, duplicates, ...rest
 * of the body }`. Direct: the 200 body. Queued: the 202 body's other fields plus what the consumer
 * stored for it (only exact when requests are sent one after another).
 */
export async function outcome(res: Response): Promise<Counts & Record<string, unknown>> {
  const body = await res.json<Record<string, unknown>>();
  expect(res.status, JSON.stringify(body)).toBe(ACCEPTED_STATUS);
  if (!QUEUED) return body as Counts & Record<string, unknown>;
  const { queued, ...rest } = body;
  const counts = outcomes.get(res);
  if (!counts) throw new Error('outcome() needs a response sent through drained()');
  expect(counts.accepted + counts.duplicates).toBe(queued);
  return { ...rest, ...counts };
}

/** Accepted and duplicate events of concurrent requests, in total: response bodies, or the consumer's counts. */
export async function totals(site: string, send: () => Promise<Response[]>): Promise<Counts & { statuses: number[] }> {
  const sum = (entries: { stored: number; duplicates: number }[]) => ({
    accepted: entries.reduce((n, e) => n + e.stored, 0),
    duplicates: entries.reduce((n, e) => n + e.duplicates, 0),
  });
  const from = consumed.length;
  const responses = await send();
  const statuses = responses.map((r) => r.status);
  if (!QUEUED) {
    const bodies = await Promise.all(responses.map((r) => r.json<Counts>()));
    return { statuses, accepted: bodies.reduce((n, b) => n + b.accepted, 0), duplicates: bodies.reduce((n, b) => n + b.duplicates, 0) };
  }
  await untilDrained();
  return { statuses, ...sum(consumed.slice(from).filter((e) => e.site === site)) };
}
