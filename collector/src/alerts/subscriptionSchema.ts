import * as z from 'zod';
import { QUESTION_TYPES } from '../schema/vocabulary';

/**
 * What a subscription reacts to (`trigger`) and where it sends (`destination`): the one definition the
 * route validates with, the OpenAPI document describes and the matchers read.
 */
const slug = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -');

/** A survey answer matching every condition given (none given: every answer). */
export const surveyAnswerTrigger = z.strictObject({
  kind: z.literal('survey_answer'),
  surveyId: slug.optional(),
  questionId: slug.optional(),
  questionType: z.enum(QUESTION_TYPES).optional(),
  /** Numeric answers at most / at least this (NPS ≤ 6: `max: 6`; CSAT ≤ 2: `max: 2`). */
  max: z.number().finite().optional(),
  min: z.number().finite().optional(),
  /** A choice answer (single or multiple) that is or includes this label. */
  choice: z.string().min(1).max(200).optional(),
  /** A text answer that is not blank. */
  textPresent: z.literal(true).optional(),
});

/** A person entering or leaving a built-in segment (by name) or a saved one (by id), checked every minute. */
export const segmentTrigger = z.strictObject({
  kind: z.literal('segment'),
  segment: z.string().min(1).max(64),
  on: z.enum(['enter', 'leave', 'both']).default('enter'),
});

/** A ticket reopened, or still open `hours` after it was opened. */
export const ticketTrigger = z.discriminatedUnion('on', [
  z.strictObject({ kind: z.literal('ticket'), on: z.literal('reopened') }),
  z.strictObject({ kind: z.literal('ticket'), on: z.literal('open_longer'), hours: z.number().positive().max(24 * 365) }),
]);

/** The Happy Index of a person falling by at least `points` within `days`. */
export const scoreDropTrigger = z.strictObject({
  kind: z.literal('score_drop'),
  points: z.number().positive().max(100),
  days: z.number().int().min(1).max(90),
});

export const triggerSchema = z.discriminatedUnion('kind', [surveyAnswerTrigger, segmentTrigger, ticketTrigger, scoreDropTrigger]);
export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerKind = Trigger['kind'];

const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      return /^https?:$/.test(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

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
    subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be the Zendesk subdomain (acme for acme.zendesk.com)').optional(),
    url: httpUrl.optional(),
    email: z.email().max(254),
    token: z.string().min(8).max(256),
    priority: z.enum(['urgent', 'high', 'normal', 'low']).default('high'),
    tags: z.array(z.string().regex(/^[a-z0-9_-]{1,64}$/)).max(10).default(['hoptrail']),
  }),
]);
export type DestinationInput = z.infer<typeof destinationSchema>;

export const subscriptionInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
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
