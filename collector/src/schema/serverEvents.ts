/**
 * The body of `POST /v1/sites/:site/server-events` (write key): events produced outside the browser.
 *
 *   id          the caller's own id for this event; sending the same id again stores nothing new
 *   type        ticket_opened | ticket_updated | ticket_resolved | survey_answered | purchase | refund
 *               (props { value, currency, orderId }, schema/revenueEvents.ts) | event (a custom
 *               server event) | identify (server identify: `traits` for `customerId`; a browser identify
 *               can never overwrite or delete these keys afterwards)
 *   name        required for `event`
 *   customerId  the site's own id for the customer, or
 *   emailHash   SHA-256 (hex) of the customer's lowercased, trimmed email; matched against the
 *               `emailHash` trait of identified customers, else stored under customer `email:<hash>`
 *   ts          when it happened (ms since epoch); default: when the collector received it. Older than
 *               7 days: re-dated to 7 days ago and listed in the answer's `redated`, unless the batch
 *               says `backfill: true` (then any age within the site's retention is kept as sent)
 *   props       the type's payload (see ticketEvents.ts), free-form for `event`
 *   traits      identify only: RFC 7396 merge patch of the customer's traits (null deletes a key)
 */
import * as z from './zod';
import { LIMITS } from './limits';
import { customerIdSchema } from './event';

export const serverEventInputSchema = z.object({
    id: z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -')),
    // survey_answered: answers given in other channels (email, SMS, in-app), recorded by your servers.
    type: z.enum(['ticket_opened', 'ticket_updated', 'ticket_resolved', 'survey_answered', 'purchase', 'refund', 'event', 'identify']),
    name: z.optional(z.string().check(z.minLength(1), z.maxLength(LIMITS.nameLength))),
    customerId: z.optional(customerIdSchema),
    emailHash: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the lowercased email, as 64 lowercase hex digits'))),
    ts: z.optional(z.number().check(z.int(), z.gte(0), z.lte(8.64e15))),
    props: z.optional(z.unknown()),
    traits: z.optional(z.unknown()),
  }).check(z.superRefine((e, ctx) => {
    if (!e.customerId && !e.emailHash) {
      ctx.addIssue({ code: 'custom', message: 'customerId or emailHash is required', path: ['customerId'] });
    }
    if (e.type === 'identify' && !e.customerId) {
      ctx.addIssue({ code: 'custom', message: 'is required for identify (an emailHash alone names no customer)', path: ['customerId'] });
    }
    if (e.type !== 'identify' && e.traits !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'is only for type "identify"', path: ['traits'] });
    }
    if (e.type === 'event' && !e.name) {
      ctx.addIssue({ code: 'custom', message: 'is required for custom events (type "event")', path: ['name'] });
    }
  }));

export const serverEventBatchSchema = z.object({
  events: z.array(z.unknown()).check(z.minLength(1), z.maxLength(LIMITS.eventsPerBatch)),
  /**
   * History import: timestamps are kept at any age within the site's retention (older events are
   * refused, not re-dated), the batch is written straight to D1 (also with the ingest queue on), and the
   * people it touched get their score state rebuilt; the answer lists them with score and segments.
   */
  backfill: z.optional(z.boolean()),
});

export type ServerEventInput = z.infer<typeof serverEventInputSchema>;
