/**
 * Payloads of the events the newsletter routes record (never sent by browsers; see newsletter/).
 * Stored under visitor id `customer:<recipient>`, so they join the recipient's customer journey:
 * newsletter_received (recorded at prepare, at the send time) → newsletter_open → newsletter_click.
 *   name        the campaign id
 *   props.campaign, props.recipient   what the signed token said
 *   props.verified   false for unsigned-recipient campaigns (the email tool vouched, not a signature)
 *   props.class, confidence, reasons  who fetched it: human, apple_mpp, image_proxy or scanner
 *   props.linkId, props.url           (clicks) which prepared link, and where it led
 */
import * as z from './zod';
import { TYPE } from './vocabulary';
// Types only: event.ts imports this file, so a runtime import back would be a cycle (TDZ at load).
import type { customerIdSchema, envelope } from './event';

export const campaignSchema = z.string().check(
  z.minLength(1),
  z.maxLength(64),
  z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -'),
);

/** Built by event.ts with its own envelope (the one shared by every event type). */
export function newsletterEventSchemas(base: typeof envelope, customerId: typeof customerIdSchema) {
  const classification = {
    campaign: campaignSchema,
    recipient: customerId,
    verified: z.boolean(),
    class: z.enum(['human', 'apple_mpp', 'image_proxy', 'scanner']),
    confidence: z.number().check(z.gte(0), z.lte(1)),
    reasons: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(10)),
  };
  return {
    // No classification: nobody fetched anything yet. Not activity either (see score/signals, visitorSummary).
    received: z.strictObject({
      ...base,
      type: z.literal(TYPE.newsletterReceived),
      name: campaignSchema,
      props: z.strictObject({ campaign: campaignSchema, recipient: customerId }),
    }),
    open: z.object({
      ...base,
      type: z.literal(TYPE.newsletterOpen),
      name: campaignSchema,
      props: z.object(classification),
    }),
    click: z.object({
      ...base,
      type: z.literal(TYPE.newsletterClick),
      name: campaignSchema,
      props: z.object({ ...classification, linkId: z.number().check(z.int(), z.gte(1), z.lte(0xffff)), url: z.string().check(z.maxLength(2048)) }),
    }),
  };
}

type Schemas = ReturnType<typeof newsletterEventSchemas>;
export type NewsletterReceivedEvent = z.infer<Schemas['received']>;
export type NewsletterOpenEvent = z.infer<Schemas['open']>;
export type NewsletterClickEvent = z.infer<Schemas['click']>;
