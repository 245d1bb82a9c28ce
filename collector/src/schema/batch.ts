import * as z from './zod';
import { LIMITS } from './limits';

/**
 * The body of `POST /v1/events`. Events are checked one by one afterwards (see validateBatch), so
 * an error can name the event index and field without parsing the whole union for every event.
 *   sentAt   client clock when the batch was sent; corrects every event's ts for client clock skew
 *   dropped  events the SDK had to drop from its offline queue since the last batch (reported, not stored)
 */
export const batchSchema = z.object({
  events: z.array(z.unknown()).check(z.minLength(1), z.maxLength(LIMITS.eventsPerBatch)),
  sentAt: z.optional(z.number().check(z.int(), z.gte(0), z.lte(8.64e15))),
  dropped: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1e9))),
});
