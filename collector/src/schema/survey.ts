/**
 * Survey definitions, as admins write them (POST/PUT /v1/sites/:site/surveys) and as the SDK reads
 * them (GET /v1/sites/:site/surveys/active). Every text here is rendered by the widget as text, never
 * as HTML, so no field needs escaping rules.
 */
import * as z from './zod';

const slug = z.string().check(
  z.minLength(1),
  z.maxLength(64),
  z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -'),
);
/** A survey's id (and a question's): also a path segment of its hosted page. */
export const surveyIdSchema = slug;
const label = z.string().check(z.minLength(1), z.maxLength(500));
const shortLabel = z.string().check(z.minLength(1), z.maxLength(80));
/** Language codes such as `en`, `it`, `pt-br` (matched on the page's `<html lang>`). */
const langCode = z.string().check(z.regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'must be a lowercase language code such as "en" or "pt-br"'));

/** Show this question only when the answer to an earlier one fits (e.g. NPS ≤ 6 → "what could we do better?"). */
const showIf = z.object({
    question: slug,
    /** Inclusive bounds, for numeric answers (NPS, CSAT, CES, rating). */
    min: z.optional(z.number()),
    max: z.optional(z.number()),
    /** Any of these answers (choice labels, 'up'/'down'). */
    anyOf: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.minLength(1), z.maxLength(20))),
  }).check(z.refine((s) => s.min !== undefined || s.max !== undefined || s.anyOf, { message: 'needs min, max or anyOf' }));

const base = {
  id: slug,
  text: label,
  /** A required question cannot be skipped. */
  required: z._default(z.boolean(), true),
  showIf: z.optional(showIf),
};
const scaleLabels = { lowLabel: z.optional(shortLabel), highLabel: z.optional(shortLabel) };

export const questionSchema = z.discriminatedUnion('type', [
  z.object({ ...base, ...scaleLabels, type: z.literal('nps') }),
  z.object({ ...base, ...scaleLabels, type: z.literal('csat') }),
  z.object({ ...base, ...scaleLabels, type: z.literal('ces') }),
  z.object({
      ...base,
      ...scaleLabels,
      type: z.literal('rating'),
      scale: z.number().check(z.int(), z.gte(3), z.lte(10)),
      style: z.enum(['stars', 'numbers', 'emoji']),
    }).check(z.refine((q) => q.style !== 'emoji' || q.scale === 3 || q.scale === 5, {
      message: 'emoji ratings have a scale of 3 or 5',
      path: ['scale'],
    })),
  z.object({ ...base, type: z.literal('thumbs') }),
  z.object({ ...base, type: z.enum(['single', 'multiple']), choices: z.array(shortLabel).check(z.minLength(2), z.maxLength(10)) }),
  z.object({ ...base, type: z.literal('text'), placeholder: z.optional(shortLabel) }),
]);

const urlRule = z.object({ match: z.enum(['exact', 'contains', 'regex']), value: z.string().check(z.minLength(1), z.maxLength(500)) }).check(z.superRefine((r, ctx) => {
    if (r.match !== 'regex') return;
    try {
      new RegExp(r.value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid regular expression', path: ['value'] });
    }
  }));

export const targetingSchema = z.object({
  /**
   * Pop-ups: pages where it may show (exact: a path, or a full URL starting with http; contains and
   * regex: on the full URL). None: every page. Inline surveys show wherever their element is.
   */
  include: z._default(z.array(urlRule).check(z.maxLength(20)), []),
  /** Pages where it never shows, even if included. */
  exclude: z._default(z.array(urlRule).check(z.maxLength(20)), []),
  /** Seconds on the page before it shows. */
  delaySeconds: z.optional(z.number().check(z.gte(0), z.lte(3600))),
  /** Scroll depth (percent of the page) before it shows. */
  scrollPercent: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
  /** Show when the pointer leaves towards the browser chrome (desktop only; never on touch screens). */
  exitIntent: z.optional(z.boolean()),
  /** Show after this custom event (`hoptrail.track(name)`) on the page, e.g. `checkout_completed`. */
  event: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** Show after a chat ended (`chat_ended` event) on the page. */
  chatEnded: z.optional(z.boolean()),
  /** Show only on the landing page of a newsletter click (its URL carries utm_medium=email). */
  newsletterVisit: z.optional(z.boolean()),
  /**
   * A follow-up: show on the person's next page view after one of their helpdesk tickets was resolved
   * (within `withinDays` of the resolution), once per ticket, on any of their devices. The collector
   * decides from the ticket lifecycle (`ticketFollowUp` of `/surveys/visitors/:id`); fatigue still applies.
   */
  ticketResolved: z.optional(z.object({ withinDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(365)), 14) })),
  /** Percent of visitors who may ever see it (stable per visitor). */
  samplePercent: z._default(z.number().check(z.gte(0), z.lte(100)), 100),
  audience: z._default(z.enum(['everyone', 'identified']), 'everyone'),
  /**
   * Only members of this segment (a built-in name such as `nps-detractors`, or a saved segment id).
   * The browser learns only whether it may show, from `/surveys/visitors/:id`.
   */
  segment: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
});

export const fatigueSchema = z.object({
    /** once: never again after shown; untilAnswered: again on later pages until answered or dismissed; everyNDays. */
    repeat: z._default(z.enum(['once', 'untilAnswered', 'everyNDays']), 'once'),
    days: z.optional(z.number().check(z.int(), z.gte(1), z.lte(3650))),
  }).check(z.refine((f) => f.repeat !== 'everyNDays' || f.days !== undefined, {
    message: 'is required when repeat is "everyNDays"',
    path: ['days'],
  }));

export const placementSchema = z.object({
  /** popup: floating dialog; inline: rendered into `<div data-hoptrail-survey="id">`. */
  kind: z._default(z.enum(['popup', 'inline']), 'popup'),
  position: z._default(z.enum(['corner', 'centre']), 'corner'),
});

/** Per-language overrides of every admin text, chosen from the page's `<html lang>`. */
const translationSchema = z.object({
  title: z.optional(shortLabel),
  thankYou: z.optional(label),
  questions: z._default(z.record(
      slug,
      z.object({
        text: z.optional(label),
        lowLabel: z.optional(shortLabel),
        highLabel: z.optional(shortLabel),
        placeholder: z.optional(shortLabel),
        choices: z.optional(z.array(shortLabel).check(z.maxLength(10))),
      }),
    ), {}),
});

export const surveyInputSchema = z.object({
    id: z.optional(slug),
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    status: z._default(z.enum(['active', 'paused']), 'active'),
    /** Title of the dialog (its accessible name); defaults to the name. */
    title: z.optional(shortLabel),
    lang: z._default(langCode, 'en'),
    questions: z.array(questionSchema).check(z.minLength(1), z.maxLength(10)),
    thankYou: z.optional(label),
    translations: z._default(z.record(langCode, translationSchema), {}),
    targeting: z._default(targetingSchema, { include: [], exclude: [], samplePercent: 100, audience: 'everyone' }),
    fatigue: z._default(fatigueSchema, { repeat: 'once' }),
    placement: z._default(placementSchema, { kind: 'popup', position: 'corner' }),
  }).check(z.superRefine((s, ctx) => {
    const t = s.targeting;
    if (t.ticketResolved && (t.event || t.chatEnded)) {
      ctx.addIssue({ code: 'custom', message: 'shows on the next page view after a resolution; it cannot wait for event or chatEnded too', path: ['targeting', 'ticketResolved'] });
    }
    const seen = new Set<string>();
    s.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: 'is used by an earlier question', path: ['questions', i, 'id'] });
      if (q.showIf && !seen.has(q.showIf.question))
        ctx.addIssue({ code: 'custom', message: 'must name an earlier question', path: ['questions', i, 'showIf', 'question'] });
      seen.add(q.id);
    });
  }));

export type SurveyInput = z.input<typeof surveyInputSchema>;
export type SurveyDefinition = z.output<typeof surveyInputSchema> & { id: string };
/**
 * A definition as GET /surveys/active serves it to the SDK: admin-only fields left out (a targeted
 * segment's name becomes `segment: true`), plus, for
 * pop-ups, `gate`: what the SDK core checks before it loads the widget: URL rules as one regex (surveys/pageRegex.ts) and the event it waits for (a named event, or `chat_ended`).
 */
export type ActiveSurvey = Omit<SurveyDefinition, 'name' | 'status' | 'targeting'> & {
  /** `segment` is only a flag (the name never leaves the collector); `segmentOk` from the visitor endpoint decides. */
  targeting: Omit<Targeting, 'segment'> & { segment?: true };
  gate?: { page: string; after: string };
};
export type Question = z.output<typeof questionSchema>;
export type QuestionType = Question['type'];
export type Targeting = z.output<typeof targetingSchema>;
