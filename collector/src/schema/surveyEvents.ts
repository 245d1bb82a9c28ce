/**
 * Payloads of survey events. The web widget sends them; other channels (a newsletter's email survey,
 * an in-chat CSAT) send the same types with their own `channel`, which is what cross-channel fatigue
 * reads. Each answered question is its own event, so partial answers are kept.
 *
 * props keys:
 *   surveyId    the survey definition's id
 *   responseId  one id per showing of a survey (client-made); answers of one showing share it
 *   channel     web (the widget) | email | chat | sms | in_app | other
 *   trigger     what made it show: page (URL/time/scroll/exit intent), event (a named event), chat
 *               (a chat ended), newsletter (a newsletter click visit), api (hoptrail.survey(id)), inline,
 *               ticket (the next page view after the person's ticket was resolved)
 *   ticketRef   trigger = ticket: an opaque ref of the resolved ticket (surveys/ticketFollowUp.ts), so the
 *               follow-up is asked once per ticket
 *   campaign    utm_campaign of the visit, for results by campaign
 *   questionId, questionType, value   the answer (number for scales, 'up'/'down', choice labels, text)
 *   scale       rating answers only, required: the question's scale (answers run 1..scale, see RATING_SCALE)
 *   completed   true on the last answer of the showing
 */
import * as z from './zod';
import { QUESTION_TYPES, RATING_SCALE, TYPE } from './vocabulary';
import { LIMITS } from './limits';

const slug = z.string().check(
  z.minLength(1),
  z.maxLength(64),
  z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -'),
);
const responseId = z.string().check(
  z.minLength(8),
  z.maxLength(LIMITS.idLength),
  z.regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -'),
);
export const SURVEY_CHANNELS = ['web', 'email', 'chat', 'sms', 'in_app', 'other'] as const;
export const SURVEY_TRIGGERS = ['page', 'event', 'chat', 'newsletter', 'api', 'inline', 'ticket'] as const;

const common = {
  surveyId: slug,
  responseId,
  channel: z._default(z.enum(SURVEY_CHANNELS), 'web'),
  trigger: z.optional(z.enum(SURVEY_TRIGGERS)),
  /** The named event that triggered it (trigger = event). */
  triggerEvent: z.optional(z.string().check(z.maxLength(LIMITS.nameLength))),
  ticketRef: z.optional(z.string().check(z.regex(/^[0-9a-f]{16,64}$/, 'must be the ticketFollowUp ref the collector gave'))),
  campaign: z.optional(z.string().check(z.maxLength(LIMITS.textLength))),
  lang: z.optional(z.string().check(z.maxLength(35))),
};

export const surveyAnswerValue = z.union([
  z.number(),
  z.string().check(z.maxLength(LIMITS.textLength)),
  z.array(z.string().check(z.maxLength(200))).check(z.maxLength(10)),
]);

/** A rating answer carries its scale, and its value lies on it; no other answer carries a scale. */
function checkScale(p: { questionType: string; value: unknown; scale?: number }, ctx: z.core.$RefinementCtx) {
  if (p.questionType !== 'rating') {
    if (p.scale !== undefined) ctx.addIssue({ code: 'custom', message: 'is sent with rating answers only', path: ['scale'] });
  } else if (p.scale === undefined) {
    ctx.addIssue({ code: 'custom', message: `is required for rating answers (the question's scale, ${RATING_SCALE.min}–${RATING_SCALE.max})`, path: ['scale'] });
  } else if (!Number.isInteger(p.value) || (p.value as number) < 1 || (p.value as number) > p.scale) {
    ctx.addIssue({ code: 'custom', message: `must be a whole number from 1 to the scale (${p.scale})`, path: ['value'] });
  }
}

/**
 * Built from the event envelope by event.ts (a function, not an import of event.ts, so the two
 * modules do not import each other).
 */
export function surveySchemas<E extends z.core.$ZodShape>(envelope: E) {
  const shown = z.object({
    ...envelope,
    type: z.literal(TYPE.surveyShown),
    props: z.object(common),
  });

  const answered = z.object({
    ...envelope,
    type: z.literal(TYPE.surveyAnswered),
    props: z.object({
        ...common,
        questionId: slug,
        questionType: z.enum(QUESTION_TYPES),
        value: surveyAnswerValue,
        scale: z.optional(z.number().check(z.int(), z.gte(RATING_SCALE.min), z.lte(RATING_SCALE.max))),
        completed: z._default(z.boolean(), false),
      }).check(z.superRefine(checkScale)),
  });

  const dismissed = z.object({
    ...envelope,
    type: z.literal(TYPE.surveyDismissed),
    props: z.object({
      ...common,
      /** The question open when it was closed, and how many were answered before. */
      questionId: z.optional(slug),
      answered: z._default(z.number().check(z.int(), z.gte(0), z.lte(10)), 0),
    }),
  });
  return [shown, answered, dismissed] as const;
}

type Schemas = ReturnType<typeof surveySchemas<typeof import('./event').envelope>>;
export type SurveyShownEvent = z.infer<Schemas[0]>;
export type SurveyAnsweredEvent = z.infer<Schemas[1]>;
export type SurveyDismissedEvent = z.infer<Schemas[2]>;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
