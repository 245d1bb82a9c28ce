import * as z from 'zod';
import type { EventSource } from '../ingest/ingestEvents';
import type { ClientFacts } from '../acquisition/clientFacts';
import type { EventRow } from '../ingest/toEventRows';

/**
 * One message on the ingest queue: validated, normalised rows of ONE site, ready for storeEvents.
 * The producer has already done every check a request gets (body cap, schema, site, rate limits,
 * bots), so the consumer only stores. `v` lets a later shape coexist with messages still queued.
 *   dropped  events the SDK reported dropped (browser batches; only on the first message of a request)
 *   client   browser, OS, device type and country of a page's request (parsed; never the user agent or IP)
 */
export interface IngestMessage {
  v: 1;
  site: string;
  source: EventSource;
  receivedAt: number;
  rows: EventRow[];
  dropped?: number;
  client?: ClientFacts;
}

const fact = z.string().max(40).nullable();

const row = z.object({
  id: z.string().min(1).max(256),
  visitor_id: z.string().min(1).max(256),
  session_id: z.string().min(1).max(256),
  seq: z.number().int(),
  type: z.string().min(1),
  name: z.string().nullable(),
  ts: z.number(),
  client_ts: z.number(),
  url: z.string().nullable(),
  path: z.string().nullable(),
  props: z.unknown(),
});

/**
 * What the consumer accepts. A message that fails it (a bug in a producer, a hand-sent message, an
 * old shape) is poison: retrying cannot fix it, so it goes straight to the dead-letter queue.
 */
export const ingestMessageSchema = z.object({
  v: z.literal(1),
  site: z.string().min(1).max(64),
  source: z.enum(['browser', 'pixel', 'click', 'server', 'webhook', 'segment']),
  receivedAt: z.number().int().min(0),
  rows: z.array(row).min(1),
  dropped: z.number().int().min(0).optional(),
  client: z
    .object({ browser: fact, os: fact, deviceType: fact, country: fact })
    .optional(),
});
