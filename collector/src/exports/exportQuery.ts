import * as z from 'zod';
import { LIMITS } from '../schema/limits';

const time = z.coerce.number().int().min(0).max(8.64e15);

/** Query of `GET /v1/sites/:site/exports/journeys` (and, minus types, `exports/visitors`). */
export const journeyExportQuerySchema = z.strictObject({
  format: z.enum(['csv', 'ndjson']).default('csv'),
  /** Event time window, ms since epoch, from inclusive, to exclusive. */
  from: time.optional(),
  to: time.optional(),
  /** A built-in segment name or a saved segment id: only events of its members. */
  segment: z.string().min(1).max(128).optional(),
  /** Only events of visitors who came from this campaign (utm_campaign or newsletter campaign). */
  campaign: z.string().min(1).max(LIMITS.textLength).optional(),
  /** Comma-separated event types. */
  types: z.string().max(1000).optional(),
  /** `1` starts the file with a UTF-8 byte order mark, so Excel opens it as UTF-8. */
  bom: z.enum(['0', '1']).optional(),
  /** Paged mode for API clients: at most this many rows, and `x-next-cursor` for the next page. */
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).optional(),
  cursor: z.string().max(2000).optional(),
});
export type JourneyExportQuery = z.infer<typeof journeyExportQuerySchema>;

/**
 * For visitors, from/to keep those seen in the window (last seen at or after from, first seen before to)
 * and campaign those who came from it, as for journeys.
 */
export const visitorExportQuerySchema = journeyExportQuerySchema.omit({ types: true }).extend({
  /** As on GET /visitors: visitor or customer id prefix, or part of a trait value (the dashboard's search). */
  q: z.string().min(1).max(200).optional(),
});
