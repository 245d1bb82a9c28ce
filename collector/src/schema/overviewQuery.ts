import * as z from './zod';

/** `?from=&to=` (ms) of the overview: default the last 30 days, at most 366 days. */
export const overviewQuerySchema = z.strictObject({
    from: z.optional(z.coerce.number().check(z.int(), z.gte(0))).check(z.describe('start, ms since the epoch (default: 30 days before `to`)')),
    to: z.optional(z.coerce.number().check(z.int(), z.gte(0))).check(z.describe('end, ms since the epoch (default: now)')),
  });

export const OVERVIEW_DEFAULT_DAYS = 30;
export const OVERVIEW_MAX_DAYS = 366;
