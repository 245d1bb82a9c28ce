import type { Env } from '../env';
import { enqueueEvents } from '../queue/enqueueEvents';
import type { StoreResult } from '../store/events';
import { ingestEvents, type IngestInput } from './ingestEvents';
import { toEventRows } from './toEventRows';

/** Stored now (direct D1 write), or handed to the ingest queue (stored by the consumer). */
export type AcceptResult = ({ queued?: undefined } & StoreResult) | { queued: number };

/**
 * Where a validated batch goes (called by ingest(), which decides whether the source may queue): with an `INGEST_QUEUE` binding, to the queue (the request is
 * acknowledged once the queue holds it; the consumer stores it through storeEvents); without one
 * (the local default), straight into D1 through ingestEvents. Both reject on failure, so the caller's
 * `durably` answers 503 + Retry-After, never a 2xx.
 */
export function acceptEvents(env: Env, input: IngestInput & { dropped?: number }, mayQueue = true): Promise<AcceptResult> {
  if (!env.INGEST_QUEUE || !mayQueue) return ingestEvents(env.DB, input);
  const rows = toEventRows(input.events, input.sentAt, input.receivedAt, input.oldest);
  return enqueueEvents(env.INGEST_QUEUE, {
    v: 1,
    site: input.site,
    source: input.source,
    receivedAt: input.receivedAt,
    rows,
    ...(input.dropped ? { dropped: input.dropped } : {}),
    ...(input.client ? { client: input.client } : {}),
  });
}
