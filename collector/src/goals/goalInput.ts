import * as z from '../schema/zod';
import { LIMITS } from '../schema/limits';
import { goalMatcherSchema } from './goalMatcher';

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.nameLength));

/** Body of POST /goals and PUT /goals/:id: a name and what converts. */
export const goalInputSchema = z.strictObject({ name, matcher: goalMatcherSchema });
export type GoalInput = z.infer<typeof goalInputSchema>;

const DAY = 86_400_000;

/** Body of POST /funnels: ordered steps (goal matchers), each to be reached within `windowMs` of the first. */
export const funnelInputSchema = z.strictObject({
  name,
  steps: z.array(z.strictObject({ name, matcher: goalMatcherSchema })).check(z.minLength(2), z.maxLength(LIMITS.funnelSteps)),
  windowMs: z._default(z.number().check(z.int(), z.gte(60_000), z.lte(LIMITS.funnelWindowMaxMs)), DAY).check(z.describe('ms from the first step to the last; default one day')),
});
export type FunnelInput = z.infer<typeof funnelInputSchema>;

/** `?from=&to=` (ms) of goal and funnel reports: default the last 30 days, at most 366 days. */
export const reportRangeSchema = z.object({
  from: z.optional(z.coerce.number().check(z.int(), z.gte(0))).check(z.describe('start, ms since the epoch (default: 30 days before `to`)')),
  to: z.optional(z.coerce.number().check(z.int(), z.gte(0))).check(z.describe('end, ms since the epoch (default: now)')),
});

/** `?segment=&split=` of a funnel report: a segment id (split into members and the rest), or split=channel. */
export const funnelSplitQuerySchema = z.object({
  segment: z.optional(z.string()).check(z.describe('built-in segment name or saved segment id: split into its members and the rest')),
  split: z.optional(z.enum(['segment', 'channel'])).check(z.describe('channel: split by the channel of the session each person entered in (no session: `unknown`)')),
});
