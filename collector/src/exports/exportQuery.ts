import * as z from '../schema/zod';
import { LIMITS } from '../schema/limits';

const time = z.coerce.number().check(z.int(), z.gte(0), z.lte(8.64e15));

/** Query of `GET /v1/sites/:site/exports/journeys` (and, minus types, `exports/visitors`). */
export const journeyExportQuerySchema = z.strictObject({
  format: z._default(z.enum(['csv', 'ndjson']), 'csv'),
  /** Event time window, ms since epoch, from inclusive, to exclusive. */
  from: z.optional(time),
  to: z.optional(time),
  /** A built-in segment name or a saved segment id: only events of its members. */
  segment: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  /** Only events of visitors who came from this campaign (utm_campaign or newsletter campaign). */
  campaign: z.optional(z.string().check(z.minLength(1), z.maxLength(LIMITS.textLength))),
  /** Comma-separated event types. */
  types: z.optional(z.string().check(z.maxLength(1000))),
  /** `1` starts the file with a UTF-8 byte order mark, so Excel opens it as UTF-8. */
  bom: z.optional(z.enum(['0', '1'])),
  /** Paged mode for API clients: at most this many rows, and `x-next-cursor` for the next page. */
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(LIMITS.pageMax))),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export type JourneyExportQuery = z.infer<typeof journeyExportQuerySchema>;

/**
 * For visitors, from/to keep those seen in the window (last seen at or after from, first seen before to)
 * and campaign those who came from it, as for journeys.
 */
export const visitorExportQuerySchema = z.extend(z.omit(journeyExportQuerySchema, { types: true }), {
  /** As on GET /visitors: visitor or customer id prefix, or part of a trait value (the dashboard's search). */
  q: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
