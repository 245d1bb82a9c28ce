/**
 * The one event schema. The collector validates with it at runtime; the SDK imports its types only
 * (`import type`), so no validator reaches the browser bundle.
 *
 * Wire keys (documented once, here):
 *   id         client-made unique id (UUIDv7 from the SDK); the collector stores each id once per site
 *   site       site id the event belongs to (every event of a batch names the same site)
 *   type       one of the vocabulary's TYPE values (schema/vocabulary.ts)
 *   visitorId  anonymous visitor id (random, first-party storage)
 *   sessionId  session id (new after 30 minutes of inactivity)
 *   seq        per-session sequence number, so the collector can see gaps
 *   ts         client time, ms since epoch (corrected by the batch's sentAt, then clamped)
 *   url        page URL where the event happened
 *   name       event name (custom events, vitals)
 *   props      type-specific payload (see the per-type schemas below)
 */
import * as z from './zod';
import { chatSchemas } from './chatEvents';
import { LIMITS, RESERVED_KEYS } from './limits';
import { newsletterEventSchemas } from './newsletterEvents';
import { revenueSchemas } from './revenueEvents';
import { surveySchemas } from './surveyEvents';
import { ticketSchemas } from './ticketEvents';
import { TYPE, VITAL_NAMES, VITAL_RATINGS } from './vocabulary';


const FORBIDDEN_KEYS = new Set(RESERVED_KEYS);

export const idSchema = z.string().check(
  z.minLength(8),
  z.maxLength(LIMITS.idLength),
  z.regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -'),
);
/** Customer ids come from the site's own systems ("42" is fine); same characters as other ids. */
export const customerIdSchema = z.string().check(
  z.minLength(1),
  z.maxLength(LIMITS.idLength),
  z.regex(/^[A-Za-z0-9._:@+-]+$/, 'may contain only letters, digits and . _ : @ + -'),
);
/**
 * Visitor ids: the SDK's random ids, or `customer:<customer id>` for events that know a customer but
 * no browser (server events, newsletters), so they take customer-id characters and length too.
 */
export const visitorIdSchema = z.string().check(
  z.minLength(8),
  z.maxLength(LIMITS.idLength + 'customer:'.length),
  z.regex(/^[A-Za-z0-9._:@+-]+$/, 'may contain only letters, digits and . _ : @ + -'),
);
export const siteSchema = z.string().check(
  z.minLength(1),
  z.maxLength(LIMITS.siteLength),
  z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -'),
);
const text = z.string().check(z.maxLength(LIMITS.textLength));
const urlText = z.string().check(z.maxLength(LIMITS.urlLength));
const nameText = z.string().check(z.minLength(1), z.maxLength(LIMITS.nameLength));

const propKey = z.string().check(
  z.minLength(1),
  z.maxLength(LIMITS.propKeyLength),
  z.refine((k) => !FORBIDDEN_KEYS.has(k), 'is a reserved key'),
);

/**
 * An object of JSON values whose keys are checked first: zod's record would silently drop a
 * `__proto__` key, and we would rather refuse it than store something other than what was sent.
 */
function guardedRecord(value: z.ZodMiniType<unknown>) {
  return z.pipe(z.unknown().check(z.superRefine((o, ctx) => {
      if (!o || typeof o !== 'object' || Array.isArray(o)) return;
      for (const key of Object.keys(o)) {
        if (FORBIDDEN_KEYS.has(key)) ctx.addIssue({ code: 'custom', message: 'is a reserved key', path: [key] });
      }
    })), z.record(propKey, value).check(z.refine((o) => Object.keys(o).length <= LIMITS.propKeys, {
        message: `has more than ${LIMITS.propKeys} keys`,
      })));
}

/** JSON values nested at most `depth` objects/arrays deep. */
function jsonValue(depth: number): z.ZodMiniType<unknown> {
  const scalar = z.union([text, z.number(), z.boolean(), z.null()]);
  if (depth === 0) return scalar;
  const inner = jsonValue(depth - 1);
  return z.union([scalar, z.array(inner).check(z.maxLength(LIMITS.propKeys)), guardedRecord(inner)]);
}

/** Free-form properties: at most 50 keys, nested at most 3 deep. */
/** Free-form properties as the SDK and callers pass them (a plain type, so the SDK's types need no zod). */
export type Props = Record<string, unknown>;
export const propsSchema = guardedRecord(jsonValue(LIMITS.propDepth - 1)) as z.ZodMiniType<Props>;

/**
 * Fields every event carries; each per-type schema spreads these. Event objects are strict
 * (`z.strictObject`): an unknown key is a 400 naming it, never silently dropped, so what is stored is
 * exactly what was sent.
 */
export const envelope = {
  id: idSchema,
  site: siteSchema,
  visitorId: visitorIdSchema,
  sessionId: idSchema,
  seq: z.number().check(z.int(), z.gte(0), z.lte(2 ** 31)),
  ts: z.number().check(z.int(), z.gte(0), z.lte(8.64e15)),
  url: z.optional(urlText),
};
export type Envelope = typeof envelope;

export const utmSchema = z.strictObject({
  source: z.optional(text),
  medium: z.optional(text),
  campaign: z.optional(text),
  term: z.optional(text),
  content: z.optional(text),
});

export const pageviewSchema = z.strictObject({
  ...envelope,
  type: z.literal(TYPE.pageview),
  url: urlText,
  props: z.strictObject({
    title: z.optional(text),
    referrer: z.optional(urlText),
    viewport: z.optional(z.string().check(z.regex(/^\d{1,5}x\d{1,5}$/, 'must look like 1280x720'))),
    lang: z.optional(z.string().check(z.maxLength(35))),
    utm: z.optional(utmSchema),
  }),
});

export const customEventSchema = z.strictObject({
  ...envelope,
  type: z.literal(TYPE.event),
  name: nameText,
  props: z.optional(propsSchema),
});

export const identifySchema = z.strictObject({
  ...envelope,
  type: z.literal(TYPE.identify),
  props: z.strictObject({
    customerId: customerIdSchema,
    traits: z.optional(propsSchema),
    /** HMAC-SHA256(site identity secret, customerId), hex, made by the site's backend (signed identify). */
    signature: z.optional(z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits (HMAC-SHA256 of the customer id)'))),
  }),
});

export const vitalSchema = z.strictObject({
  ...envelope,
  type: z.literal(TYPE.vital),
  name: z.enum(VITAL_NAMES),
  props: z.strictObject({
    value: z.number().check(z.gte(0)),
    rating: z.enum(VITAL_RATINGS),
  }),
});

const newsletter = newsletterEventSchemas(envelope, customerIdSchema);

/**
 * Every event type has its payload schema: the four above, and the newsletter, chat, ticket and survey
 * ones in their own files (each a function of `envelope`, so those files need not import this one).
 * A new type: add it to the vocabulary (TYPE and VOCABULARY), write its schema (spreading `envelope`, strict) and add it below.
 */
export const eventSchema = z.discriminatedUnion('type', [
  pageviewSchema,
  customEventSchema,
  identifySchema,
  vitalSchema,
  newsletter.received,
  newsletter.open,
  newsletter.click,
  ...chatSchemas(envelope),
  ...ticketSchemas(envelope),
  ...surveySchemas(envelope),
  ...revenueSchemas(envelope),
]);

export type PageviewEvent = z.infer<typeof pageviewSchema>;
export type CustomEvent = z.infer<typeof customEventSchema>;
export type IdentifyEvent = z.infer<typeof identifySchema>;
export type VitalEvent = z.infer<typeof vitalSchema>;
export type HoptrailEvent = z.infer<typeof eventSchema>;
