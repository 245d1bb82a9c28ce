import { LIMITS } from '../../collector/src/schema/limits';
import { createQueue } from './queue';
import type { HoptrailEvent } from './types';

const BATCH_SIZE = 20;
const FLUSH_AFTER_MS = 5000;
/**
 * Browsers cap all in-flight keepalive bodies at 64 KiB together; every body stays under 60 KB.
 * Counted in characters: a body of mostly non-ASCII text may be refused by sendBeacon, and then its
 * events simply stay queued for the next page.
 */
const MAX_CHARS = 59e3;
const MAX_BACKOFF_MS = 3e5;

export interface Transport {
  push(event: HoptrailEvent): void;
  flush(): Promise<void>;
  /** Forgets everything queued (opt-out). */
  _clear(): void;
  /** Counts an event dropped before queueing (reported with the next batch). */
  _drop(): void;
}

/**
 * Delivers events at least once; the collector's dedup by id makes that exactly once in storage.
 * - Sent at 20 queued or after 5 s, as `text/plain` (a CORS "simple" request), in bodies of at most
 *   100 events and 60 KB (a backlog goes in few requests).
 * - Events stay in the tab's persistent queue (queue.ts) until a response confirmed them: any 2xx
 *   (the events it lists as `refused` cannot succeed on retry: counted as dropped, explained with
 *   `debug`), or another 4xx (the batch was refused whole: dropped, counted and explained).
 * - Network errors, 408, 429 and 5xx are retried with exponential backoff and jitter, or after the
 *   collector's Retry-After.
 * - Page hidden → sendBeacon, same bodies (never `unload`: it breaks the bfcache). `true` from
 *   sendBeacon means "queued by the browser", not "delivered": a beacon is an early, best-effort
 *   delivery and never an acknowledgement. Its events stay queued; this page sends them again on
 *   its next flush, or the next page of the site adopts them (queue.ts). Dedup absorbs the repeat.
 */
export function createTransport(endpoint: string, log: (...args: unknown[]) => void): Transport {
  const queue = createQueue();
  const sending = new Set<HoptrailEvent>();
  /** Events this page already sent by beacon: one beacon each is enough (hidden, then pagehide). */
  const beaconed = new WeakSet<HoptrailEvent>();
  let timer: ReturnType<typeof setTimeout> | undefined | 0;
  let soon: unknown;
  /** Failed sends in a row; while any, only the backoff timer sends. */
  let fails = 0;

  const body = (events: HoptrailEvent[], dropped?: number) =>
    JSON.stringify({ events, sentAt: Date.now(), dropped: dropped || undefined });
  const acknowledge = (events: HoptrailEvent[]) => {
    queue._q = queue._q.filter((e) => !events.includes(e));
    queue._saveSoon();
  };
  // Splits events into request bodies of at most 100 events and 60 KB.
  const pack = (events: HoptrailEvent[], each: (batch: HoptrailEvent[]) => unknown) => {
    let batch: HoptrailEvent[] = [];
    let size = 0;
    for (const e of events) {
      const n = JSON.stringify(e).length + 1;
      if (batch.length == LIMITS.eventsPerBatch || size + n > MAX_CHARS) {
        each(batch);
        batch = [];
        size = 0;
      }
      batch.push(e);
      size += n;
    }
    if (batch[0]) each(batch);
  };

  async function send(events: HoptrailEvent[]): Promise<void> {
    const dropped = queue._d;
    let retryMs = (queue._d = 0);
    events.forEach((e) => sending.add(e));
    try {
      // A string body goes as text/plain;charset=UTF-8: a CORS "simple" request, no preflight.
      const res = await fetch(endpoint, { method: 'POST', body: body(events, dropped) });
      const status = res.status;
      if (status > 499 || status == 429 || status == 408) retryMs = +res.headers.get('retry-after')! * 1e3 || -1;
      else {
        acknowledge(events);
        // Refused events cannot succeed on retry: counted (reported with the next batch) and explained.
        // A 2xx names them ({ index, field, message }); another 4xx refused the batch whole.
        const refused: unknown[] = res.ok ? (await res.json().catch(() => 0))?.refused || [] : events;
        queue._d += refused.length;
        if (refused[0]) log('refused', status, refused, events);
      }
    } catch {
      retryMs = -1;
    }
    events.forEach((e) => sending.delete(e));
    if (retryMs) {
      queue._d += dropped;
      // Exponential backoff from 1 s, capped at 5 min, with ±50 % jitter so tabs do not retry in step.
      if (retryMs < 0) retryMs = Math.min(MAX_BACKOFF_MS, 1e3 * 2 ** fails) * (0.5 + Math.random());
      fails++;
      log('retry', retryMs);
      clearTimeout(timer!);
      timer = setTimeout(flush, retryMs);
    } else fails = 0;
  }

  // Never rejects (tracker.flush() hands this promise to the page): send() catches every failure.
  function flush(): Promise<void> {
    clearTimeout(timer!);
    timer = soon = 0;
    const sends: Promise<void>[] = [];
    pack(
      queue._q.filter((e) => !sending.has(e)),
      (batch) => sends.push(send(batch)),
    );
    return Promise.all(sends).then(() => {});
  }

  // On pagehide (`all`), fetches in flight are cancelled with the document, so their events ride the
  // beacon too; on a mere tab switch they complete normally.
  function flushOnHide(all?: boolean): void {
    try {
      pack(
        queue._q.filter((e) => (all || !sending.has(e)) && !beaconed.has(e)),
        (batch) => navigator.sendBeacon(endpoint, body(batch)) && batch.map((e) => beaconed.add(e)),
      );
    } catch {
      // No beacon: the events stay queued for the next page.
    }
    queue._save(1);
  }

  addEventListener('visibilitychange', () => document.hidden && flushOnHide());
  addEventListener('pagehide', () => flushOnHide(true));
  addEventListener('online', () => flush());
  // The page may have inherited a backlog (a reload, a closed tab): send it soon.
  if (queue._q[0]) setTimeout(flush);

  return {
    push(event) {
      queue._q.push(event);
      queue._saveSoon();
      // At 20 queued, send once the current task is done: a burst of track() calls becomes a few
      // full requests instead of one per 20 events.
      if (!fails)
        if (queue._q.length - sending.size < BATCH_SIZE) timer ||= setTimeout(flush, FLUSH_AFTER_MS);
        else {
          if (!soon) queueMicrotask(flush);
          soon = 1;
        }
    },
    flush,
    _clear() {
      queue._q = [];
      queue._save();
    },
    _drop() {
      queue._d++;
    },
  };
}
