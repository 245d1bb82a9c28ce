/**
 * The event vocabulary: every event Hoptrail records, by name, with its props and the Happy Index
 * signal it moves. Plain values (no zod): the SDK bundles the names it emits from here, the collector's
 * schemas, score signals and segments import them, and the dashboard reads a build of this file
 * (`/dashboard/vocabulary.js`). Nothing that crosses the wire is spelled anywhere else; the contract
 * test (e2e/vocabulary.test.ts) drives the built SDK through every entry, so a rename on either side
 * or an entry nobody emits fails it.
 */

/** Event types, the `type` wire key. */
export const TYPE = {
  pageview: 'pageview',
  event: 'event',
  identify: 'identify',
  vital: 'vital',
  newsletterReceived: 'newsletter_received',
  newsletterOpen: 'newsletter_open',
  newsletterClick: 'newsletter_click',
  surveyShown: 'survey_shown',
  surveyAnswered: 'survey_answered',
  surveyDismissed: 'survey_dismissed',
  chatStarted: 'chat_started',
  chatMessage: 'chat_message',
  chatEnded: 'chat_ended',
  ticketOpened: 'ticket_opened',
  ticketUpdated: 'ticket_updated',
  ticketResolved: 'ticket_resolved',
  purchase: 'purchase',
  refund: 'refund',
} as const;
export type EventType = (typeof TYPE)[keyof typeof TYPE];

/** Happy Index bands, best first, as the score API reports them (the limits are per site: ScoreConfig.bands). */
export const BANDS = ['happy', 'neutral', 'at risk'] as const;

/** Custom event names (`type: 'event'`) the SDK emits itself; the `$` keeps them apart from a site's names. */
export const NAME = {
  rageClick: '$rage_click',
  jsError: '$js_error',
  outbound: '$outbound',
  download: '$download',
} as const;

/** A site's own custom event that the Happy Index reads as friction (sent with `hoptrail.track`). */
export const CHECKOUT_ABANDONED = 'checkout_abandoned';

/** Web vitals (`vital` events, the metric in `name`) and the ratings web-vitals gives them. */
export const VITAL_NAMES = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export const VITAL_RATINGS = ['good', 'needs-improvement', 'poor'] as const;

/** Survey question types (`questionType` of an answer). */
export const QUESTION_TYPES = ['nps', 'csat', 'ces', 'rating', 'thumbs', 'single', 'multiple', 'text'] as const;
export type QuestionKind = (typeof QUESTION_TYPES)[number];
/** Answer range of the fixed-scale question types. */
export const SCALES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
/**
 * Rating questions run 1..scale; the scale (3–10, set per question) travels with every rating answer
 * as `props.scale`, so the score can normalise it without reading the survey definition.
 */
export const RATING_SCALE = { min: 3, max: 10 } as const;
/** Answers of these types move the survey signal; choices and open text say nothing about happiness alone. */
export const SCORED_QUESTION_TYPES = ['nps', 'csat', 'ces', 'rating', 'thumbs'] as const;

/** Happy Index signals (collector/src/score/signals/*). */
export type SignalName = 'survey' | 'chat' | 'ticket' | 'engagement' | 'friction';

export interface VocabularyEntry {
  type: EventType;
  /** Custom events: the name the entry stands for (other custom events are `customEvent`). */
  name?: string;
  /** Keys its props may carry (`*`: the site's own). */
  props: readonly string[];
  /** The score signal it moves, or null: by declaration, none. */
  signal: SignalName | null;
  /** Only events whose props hold one of these values move the signal (e.g. human newsletter opens). */
  signalWhen?: Readonly<Record<string, readonly unknown[]>>;
  /** Who records it: the browser SDK, the collector's own routes (newsletter pixel, redirect), or a site's server. */
  by: 'sdk' | 'collector' | 'server';
}

const SURVEY_PROPS = ['surveyId', 'responseId', 'channel', 'trigger', 'triggerEvent', 'ticketRef', 'campaign', 'lang'] as const;
const CHAT_PROPS = ['channel', 'conversationId'] as const;
const NEWSLETTER_PROPS = ['campaign', 'recipient', 'verified', 'class', 'confidence', 'reasons'] as const;
/** A purchase and a refund: the amount, its ISO 4217 currency, and the order it belongs to (schema/revenueEvents.ts). */
const REVENUE_PROPS = ['value', 'currency', 'orderId'] as const;
const TICKET_PROPS = ['ticketId', 'helpdesk', 'status', 'priority', 'channel', 'subject', 'reopenCount', 'dueAt', 'satisfaction', 'updatedAt'] as const;

/** Every event Hoptrail records. Types are documented with their payloads in schema/*Events.ts. */
export const VOCABULARY = {
  pageview: { type: TYPE.pageview, props: ['title', 'referrer', 'viewport', 'lang', 'utm'], signal: 'engagement', by: 'sdk' },
  customEvent: { type: TYPE.event, props: ['*'], signal: null, by: 'sdk' },
  checkoutAbandoned: { type: TYPE.event, name: CHECKOUT_ABANDONED, props: ['*'], signal: 'friction', by: 'sdk' },
  rageClick: { type: TYPE.event, name: NAME.rageClick, props: ['target', 'clicks'], signal: 'friction', by: 'sdk' },
  jsError: { type: TYPE.event, name: NAME.jsError, props: ['message', 'source'], signal: 'friction', by: 'sdk' },
  outbound: { type: TYPE.event, name: NAME.outbound, props: ['url'], signal: null, by: 'sdk' },
  download: { type: TYPE.event, name: NAME.download, props: ['url'], signal: null, by: 'sdk' },
  // Also recorded by the collector when a newsletter click lands (POST /v1/landing, session `newsletter:<campaign>`).
  identify: { type: TYPE.identify, props: ['customerId', 'traits'], signal: null, by: 'sdk' },
  vital: { type: TYPE.vital, props: ['value', 'rating'], signal: 'friction', by: 'sdk' },
  chatStarted: { type: TYPE.chatStarted, props: ['agent', ...CHAT_PROPS], signal: null, by: 'sdk' },
  chatMessage: { type: TYPE.chatMessage, props: ['from', 'length', 'text', ...CHAT_PROPS], signal: null, by: 'sdk' },
  chatEnded: { type: TYPE.chatEnded, props: ['resolved', 'rating', ...CHAT_PROPS], signal: 'chat', by: 'sdk' },
  surveyShown: { type: TYPE.surveyShown, props: SURVEY_PROPS, signal: null, by: 'sdk' },
  surveyAnswered: {
    type: TYPE.surveyAnswered,
    props: [...SURVEY_PROPS, 'questionId', 'questionType', 'value', 'scale', 'completed'],
    signal: 'survey',
    signalWhen: { questionType: SCORED_QUESTION_TYPES },
    by: 'sdk',
  },
  surveyDismissed: { type: TYPE.surveyDismissed, props: [...SURVEY_PROPS, 'questionId', 'answered'], signal: null, by: 'sdk' },
  newsletterReceived: { type: TYPE.newsletterReceived, props: ['campaign', 'recipient'], signal: null, by: 'collector' },
  newsletterOpen: { type: TYPE.newsletterOpen, props: NEWSLETTER_PROPS, signal: 'engagement', signalWhen: { class: ['human'] }, by: 'collector' },
  newsletterClick: { type: TYPE.newsletterClick, props: [...NEWSLETTER_PROPS, 'linkId', 'url'], signal: 'engagement', by: 'collector' },
  ticketOpened: { type: TYPE.ticketOpened, props: TICKET_PROPS, signal: null, by: 'server' },
  ticketUpdated: { type: TYPE.ticketUpdated, props: [...TICKET_PROPS, 'reopened'], signal: 'ticket', signalWhen: { reopened: [true] }, by: 'server' },
  ticketResolved: { type: TYPE.ticketResolved, props: [...TICKET_PROPS, 'resolutionMs', 'late'], signal: 'ticket', by: 'server' },
  // Also accepted from a site's server (server events). Refunds only from servers: a page may not unbook revenue.
  purchase: { type: TYPE.purchase, props: REVENUE_PROPS, signal: null, by: 'sdk' },
  refund: { type: TYPE.refund, props: REVENUE_PROPS, signal: null, by: 'server' },
} as const satisfies Record<string, VocabularyEntry>;
export type VocabularyKey = keyof typeof VOCABULARY;

const ENTRIES = Object.entries(VOCABULARY) as [VocabularyKey, VocabularyEntry][];

/** The entry a stored event belongs to: by type, and for custom events by name (else `customEvent`). */
export function entryOf(event: { type: string; name?: string | null }): VocabularyKey | undefined {
  const named = ENTRIES.find(([, e]) => e.type === event.type && e.name !== undefined && e.name === event.name);
  return (named ?? ENTRIES.find(([, e]) => e.type === event.type && e.name === undefined))?.[0];
}

/** Custom event names that move `signal` (friction: rage clicks, JS errors, abandoned checkouts). */
export const namesMoving = (signal: SignalName): string[] =>
  ENTRIES.flatMap(([, e]) => (e.type === TYPE.event && e.signal === signal && e.name ? [e.name] : []));

/** The signal a stored event moves by the vocabulary's declaration, or null. */
export function declaredSignal(event: { type: string; name?: string | null; props?: unknown }): SignalName | null {
  const key = entryOf(event);
  if (!key) return null;
  const entry: VocabularyEntry = VOCABULARY[key];
  const props = (event.props ?? {}) as Record<string, unknown>;
  const when = Object.entries(entry.signalWhen ?? {});
  return when.every(([k, values]) => values.includes(props[k])) ? entry.signal : null;
}
