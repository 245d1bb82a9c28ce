import * as z from '../schema/zod';
import { QUESTION_TYPES } from '../schema/vocabulary';

/**
 * What a subscription reacts to (`trigger`) and where it sends (`destination`): the one definition the
 * route validates with, the OpenAPI document describes and the matchers read.
 */
const slug = z.string().check(
  z.minLength(1),
  z.maxLength(64),
  z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -'),
);

/** A survey answer matching every condition given (none given: every answer). */
export const surveyAnswerTrigger = z.strictObject({
  kind: z.literal('survey_answer'),
  surveyId: z.optional(slug),
  questionId: z.optional(slug),
  questionType: z.optional(z.enum(QUESTION_TYPES)),
  /** Numeric answers at most / at least this (NPS ≤ 6: `max: 6`; CSAT ≤ 2: `max: 2`). */
  max: z.optional(z.number()),
  min: z.optional(z.number()),
  /** A choice answer (single or multiple) that is or includes this label. */
  choice: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** A text answer that is not blank. */
  textPresent: z.optional(z.literal(true)),
});

/** A person entering or leaving a built-in segment (by name) or a saved one (by id), checked every minute. */
export const segmentTrigger = z.strictObject({
  kind: z.literal('segment'),
  segment: z.string().check(z.minLength(1), z.maxLength(64)),
  on: z._default(z.enum(['enter', 'leave', 'both']), 'enter'),
});

/** A ticket reopened, or still open `hours` after it was opened. */
export const ticketTrigger = z.discriminatedUnion('on', [
  z.strictObject({ kind: z.literal('ticket'), on: z.literal('reopened') }),
  z.strictObject({ kind: z.literal('ticket'), on: z.literal('open_longer'), hours: z.number().check(z.positive(), z.lte(24 * 365)) }),
]);

/** The Happy Index of a person falling by at least `points` within `days`. */
export const scoreDropTrigger = z.strictObject({
  kind: z.literal('score_drop'),
  points: z.number().check(z.positive(), z.lte(100)),
  days: z.number().check(z.int(), z.gte(1), z.lte(90)),
});

export const triggerSchema = z.discriminatedUnion('kind', [surveyAnswerTrigger, segmentTrigger, ticketTrigger, scoreDropTrigger]);
export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerKind = Trigger['kind'];

const httpUrl = z.string().check(z.maxLength(2048), z.refine((u) => {
    try {
      return /^https?:$/.test(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL'));

/** Where deliveries go. Credentials (Zendesk email/token) are sealed at rest and never read back. */
export const destinationSchema = z.discriminatedUnion('kind', [
  /** Generic JSON webhook: the Standard Webhooks payload `{ type, timestamp, data }`. */
  z.strictObject({ kind: z.literal('webhook'), url: httpUrl }),
  /** Slack incoming webhook URL: a Block Kit message. */
  z.strictObject({ kind: z.literal('slack'), url: httpUrl }),
  /** Zendesk "create ticket" (POST /api/v2/tickets.json), API token auth. */
  z.strictObject({
    kind: z.literal('zendesk'),
    /** `acme` for acme.zendesk.com; or `url`, the full base URL (tests, proxies). */
    subdomain: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be the Zendesk subdomain (acme for acme.zendesk.com)'))),
    url: z.optional(httpUrl),
    email: z.email().check(z.maxLength(254)),
    token: z.string().check(z.minLength(8), z.maxLength(256)),
    priority: z._default(z.enum(['urgent', 'high', 'normal', 'low']), 'high'),
    tags: z._default(z.array(z.string().check(z.regex(/^[a-z0-9_-]{1,64}$/))).check(z.maxLength(10)), ['hoptrail']),
  }),
]);
export type DestinationInput = z.infer<typeof destinationSchema>;

export const subscriptionInputSchema = z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  trigger: triggerSchema,
  destination: destinationSchema,
});
export type SubscriptionInput = z.infer<typeof subscriptionInputSchema>;

/** The destination as stored (no credentials). */
export type Destination = (
  | { kind: 'webhook'; url: string }
  | { kind: 'slack'; url: string }
  | { kind: 'zendesk'; url: string; priority: 'urgent' | 'high' | 'normal' | 'low'; tags: string[] }
) & {
  /** The collector's origin when the subscription was made: links to the customer card start there. */
  dashboard: string;
};

/** A subscription as the collector uses it (secrets still sealed). */
export interface Subscription {
  site: string;
  id: string;
  name: string | null;
  trigger: Trigger;
  destination: Destination;
  sealedSecret: string;
  sealedCredentials: string | null;
  hint: string;
  createdAt: number;
}
