import type { HoptrailEvent } from './types';

const BATCH_SIZE = 20;
const FLUSH_AFTER_MS = 5000;

export interface Transport {
  push(event: HoptrailEvent): void;
  flush(): Promise<void>;
}

/**
 * Batches events and posts them as `text/plain` (a CORS "simple" request: no preflight).
 * Flushes at 20 events or after 5 s, and when the page is hidden, via sendBeacon so the send
 * survives the page going away (never on `unload`, which breaks the back/forward cache).
 */
export function createTransport(endpoint: string, log: (...args: unknown[]) => void): Transport {
  let queue: HoptrailEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const body = (events: HoptrailEvent[]) => JSON.stringify({ events, sentAt: Date.now() });

  async function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const sends: Promise<void>[] = [];
    while (queue.length) {
      const events = queue.splice(0, BATCH_SIZE);
      sends.push(
        fetch(endpoint, { method: 'POST', body: body(events), keepalive: true, headers: { 'content-type': 'text/plain' } })
          .then((res) => {
            if (res.status >= 500 || res.status == 429 || res.status == 408) throw res.status;
            if (!res.ok) log('batch refused', res.status);
          })
          .catch((err) => {
            // Keep the events for the next flush; the collector deduplicates by id.
            log('send failed, will retry', err);
            queue = events.concat(queue);
          }),
      );
    }
    await Promise.all(sends);
  }

  function flushOnHide(): void {
    if (!queue.length) return;
    const events = queue.splice(0);
    let sent = false;
    try {
      sent = navigator.sendBeacon(endpoint, body(events));
    } catch {
      // sendBeacon missing or refused: fall through to fetch keepalive.
    }
    if (!sent) {
      queue = events;
      void flush();
    }
  }

  addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && flushOnHide());
  addEventListener('pagehide', flushOnHide);

  return {
    push(event) {
      queue.push(event);
      if (queue.length >= BATCH_SIZE) void flush();
      else timer ??= setTimeout(flush, FLUSH_AFTER_MS);
    },
    flush,
  };
}
