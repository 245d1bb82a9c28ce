import * as z from '../schema/zod';
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

const fact = z.nullable(z.string().check(z.maxLength(40)));

const row = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(256)),
  visitor_id: z.string().check(z.minLength(1), z.maxLength(256)),
  session_id: z.string().check(z.minLength(1), z.maxLength(256)),
  seq: z.number().check(z.int()),
  type: z.string().check(z.minLength(1)),
  name: z.nullable(z.string()),
  ts: z.number(),
  client_ts: z.number(),
  url: z.nullable(z.string()),
  path: z.nullable(z.string()),
  props: z.unknown(),
});

/**
 * What the consumer accepts. A message that fails it (a bug in a producer, a hand-sent message, an
 * old shape) is poison: retrying cannot fix it, so it goes straight to the dead-letter queue.
 */
export const ingestMessageSchema = z.object({
  v: z.literal(1),
  site: z.string().check(z.minLength(1), z.maxLength(64)),
  source: z.enum(['browser', 'pixel', 'click', 'server', 'webhook', 'segment']),
  receivedAt: z.number().check(z.int(), z.gte(0)),
  rows: z.array(row).check(z.minLength(1)),
  dropped: z.optional(z.number().check(z.int(), z.gte(0))),
  client: z.optional(z.object({ browser: fact, os: fact, deviceType: fact, country: fact })),
});
