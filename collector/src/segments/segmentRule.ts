import * as z from 'zod';
import { LIMITS } from '../schema/limits';
import { TYPE } from '../schema/vocabulary';
import { BUILTIN_NAMES } from './builtinSegments';

const days = z.number().int().min(1).max(3650);
const eventMatch = z.strictObject({
  /** An event type of the vocabulary; a misspelt one is refused rather than matching nobody. */
  type: z.enum(TYPE),
  name: z.string().min(1).max(LIMITS.nameLength).optional(),
  withinDays: days,
});

/** One condition of a custom segment; a rule is the AND of its conditions. */
export const segmentConditionSchema = z.union([
  z.strictObject({ score: z.strictObject({ min: z.number().min(0).max(100).optional(), max: z.number().min(0).max(100).optional() }) }),
  z.strictObject({ did: eventMatch }),
  z.strictObject({ didNot: eventMatch }),
  z.strictObject({ trait: z.strictObject({ key: z.string().min(1).max(LIMITS.propKeyLength), equals: z.union([z.string().max(LIMITS.textLength), z.number(), z.boolean()]) }) }),
  z.strictObject({ campaign: z.string().min(1).max(LIMITS.textLength) }),
  z.strictObject({ segment: z.enum(BUILTIN_NAMES) }),
  /** Member of this group of the latest clustering (an id such as `c2`, GET .../clusters). */
  z.strictObject({ cluster: z.string().regex(/^c[0-9]{1,6}$/, 'a cluster id such as c2') }),
]);
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

export const segmentRuleSchema = z.strictObject({ all: z.array(segmentConditionSchema).min(1).max(20) });
export type SegmentRule = z.infer<typeof segmentRuleSchema>;

/** Body of `POST /v1/sites/:site/segments`. */
export const segmentInputSchema = z.strictObject({
  name: z.string().min(1).max(LIMITS.nameLength),
  rule: segmentRuleSchema,
});
