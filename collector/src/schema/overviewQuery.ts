import * as z from 'zod';

/** `?from=&to=` (ms) of the overview: default the last 30 days, at most 366 days. */
export const overviewQuerySchema = z
  .object({
    from: z.coerce.number().int().min(0).optional().describe('start, ms since the epoch (default: 30 days before `to`)'),
    to: z.coerce.number().int().min(0).optional().describe('end, ms since the epoch (default: now)'),
  })
  .strict();

export const OVERVIEW_DEFAULT_DAYS = 30;
export const OVERVIEW_MAX_DAYS = 366;
