import * as z from '../schema/zod';
import { CHANNELS } from '../acquisition/channels';
import { LIMITS } from '../schema/limits';
import { BANDS, TYPE } from '../schema/vocabulary';
import { BUILTIN_NAMES } from './builtinSegments';

const days = z.number().check(z.int(), z.gte(1), z.lte(3650));
const eventMatch = z.strictObject({
  /** An event type of the vocabulary; a misspelt one is refused rather than matching nobody. */
  type: z.enum(TYPE),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(LIMITS.nameLength))),
  withinDays: days,
  /** How many such events the person has at least (default 1); with didNot: fewer than this many. */
  atLeast: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100_000))),
});
/** When the person was first or last seen (over all their devices), in days before now. */
const seen = z.strictObject({ withinDays: z.optional(days), olderThanDays: z.optional(days) }).check(z.refine((s) => s.withinDays !== undefined || s.olderThanDays !== undefined, { message: 'give withinDays, olderThanDays or both' }));
const bound = z.number().check(z.gte(-1e9), z.lte(1e9));

/** One condition of a custom segment. */
export const segmentConditionSchema = z.union([
  z.strictObject({ score: z.strictObject({ min: z.optional(z.number().check(z.gte(0), z.lte(100))), max: z.optional(z.number().check(z.gte(0), z.lte(100))) }) }),
  /** The band of the person's Happy Index under the site's score config. */
  z.strictObject({ band: z.enum(BANDS) }),
  z.strictObject({ did: eventMatch }),
  z.strictObject({ didNot: eventMatch }),
  z.strictObject({ firstSeen: seen }),
  z.strictObject({ lastSeen: seen }),
  /** Answered a survey (one question of it) with a numeric value in [min, max]; the latest answer counts. */
  z.strictObject({
    answered: z.strictObject({
      survey: z.string().check(z.minLength(1), z.maxLength(LIMITS.nameLength)),
      question: z.optional(z.string().check(z.minLength(1), z.maxLength(LIMITS.nameLength))),
      min: z.optional(bound),
      max: z.optional(bound),
      withinDays: z.optional(days),
    }),
  }),
  z.strictObject({ trait: z.strictObject({ key: z.string().check(z.minLength(1), z.maxLength(LIMITS.propKeyLength)), equals: z.union([z.string().check(z.maxLength(LIMITS.textLength)), z.number(), z.boolean()]) }) }),
  z.strictObject({ campaign: z.string().check(z.minLength(1), z.maxLength(LIMITS.textLength)) }),
  z.strictObject({ segment: z.enum(BUILTIN_NAMES) }),
  /** Had a session from this channel (acquisition/channels.ts), started within the last D days if given. */
  z.strictObject({ channel: z.strictObject({ is: z.enum(CHANNELS), withinDays: z.optional(days) }) }),
  /** Member of this group of the latest clustering (an id such as `c2`, GET .../clusters). */
  z.strictObject({ cluster: z.string().check(z.regex(/^c[0-9]{1,6}$/, 'a cluster id such as c2')) }),
]);
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

const conditions = z.array(segmentConditionSchema).check(z.minLength(1), z.maxLength(20));
/** A group of conditions: all of them (AND) or any of them (OR). */
export const segmentGroupSchema = z.union([z.strictObject({ all: conditions }), z.strictObject({ any: conditions })]);
export type SegmentGroup = z.infer<typeof segmentGroupSchema>;

const items = z.array(z.union([segmentConditionSchema, segmentGroupSchema])).check(z.minLength(1), z.maxLength(20));
/**
 * A rule: the AND (`all`) or OR (`any`) of conditions and groups, two levels deep at most, which is
 * what a builder shows (groups of conditions) and keeps every rule cheap to evaluate.
 */
export const segmentRuleSchema = z.union([z.strictObject({ all: items }), z.strictObject({ any: items })]);
export type SegmentRule = z.infer<typeof segmentRuleSchema>;

/** Body of `POST /v1/sites/:site/segments`. */
export const segmentInputSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(LIMITS.nameLength)),
  rule: segmentRuleSchema,
});

/** Body of `POST /v1/sites/:site/segments/preview` (read key): the live count of a rule being edited. */
export const segmentPreviewSchema = z.strictObject({ rule: segmentRuleSchema });
