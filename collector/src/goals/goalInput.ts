import * as z from 'zod';
import { LIMITS } from '../schema/limits';
import { goalMatcherSchema } from './goalMatcher';

const name = z.string().trim().min(1).max(LIMITS.nameLength);

/** Body of POST /goals and PUT /goals/:id: a name and what converts. */
export const goalInputSchema = z.strictObject({ name, matcher: goalMatcherSchema });
export type GoalInput = z.infer<typeof goalInputSchema>;

const DAY = 86_400_000;

/** Body of POST /funnels: ordered steps (goal matchers), each to be reached within `windowMs` of the first. */
export const funnelInputSchema = z.strictObject({
  name,
  steps: z.array(z.strictObject({ name, matcher: goalMatcherSchema })).min(2).max(LIMITS.funnelSteps),
  windowMs: z.number().int().min(60_000).max(LIMITS.funnelWindowMaxMs).default(DAY).describe('ms from the first step to the last; default one day'),
});
export type FunnelInput = z.infer<typeof funnelInputSchema>;

/** `?from=&to=` (ms) of goal and funnel reports: default the last 30 days, at most 366 days. */
export const reportRangeSchema = z.object({
  from: z.coerce.number().int().min(0).optional().describe('start, ms since the epoch (default: 30 days before `to`)'),
  to: z.coerce.number().int().min(0).optional().describe('end, ms since the epoch (default: now)'),
});

/** `?segment=&split=` of a funnel report: a segment id (split into members and the rest), or split=channel. */
export const funnelSplitQuerySchema = z.object({
  segment: z.string().optional().describe('built-in segment name or saved segment id: split into its members and the rest'),
  split: z.enum(['segment', 'channel']).optional().describe('channel: split by the channel of the session each person entered in (no session: `unknown`)'),
});
