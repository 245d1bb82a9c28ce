import type { ClientFacts } from '../acquisition/clientFacts';
import type { HoptrailEvent } from '../schema/event';
import { storeEvents, type StoreResult } from '../store/events';
import { toEventRows } from './toEventRows';

export type EventSource = 'browser' | 'pixel' | 'click' | 'server' | 'webhook' | 'segment';

export interface IngestInput {
  site: string;
  source: EventSource;
  /** Already validated against the event schema. */
  events: HoptrailEvent[];
  /** The sender's clock at send time, for skew correction (browser batches). */
  sentAt?: number;
  receivedAt: number;
  /** Earliest time kept (server backfill: the retention horizon); default receivedAt − maxEventAge. */
  oldest?: number;
  /** Browser, OS, device type and country of a page's request: its page views start sessions. */
  client?: ClientFacts;
}

/**
 * The direct-write step of ingest() (ingest.ts), which every source enters through: normalise (clock,
 * path) and store (events + projections, one transaction). Call ingest(), not this: validation,
 * filters and minimal URLs happen there. With the ingest queue bound, acceptEvents sends the same rows
 * (toEventRows) to the queue instead; its consumer stores them with the same statements (storeMany).
 */
export function ingestEvents(db: D1Database, input: IngestInput): Promise<StoreResult> {
  const rows = toEventRows(input.events, input.sentAt, input.receivedAt, input.oldest);
  return storeEvents(db, input.site, input.source, rows, input.receivedAt, input.client);
}
