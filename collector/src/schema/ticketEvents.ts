/**
 * Helpdesk tickets, from the server API or a helpdesk webhook; stored under `customer:<id>`.
 *
 *   ticketId        the helpdesk's ticket id
 *   helpdesk        `zendesk`, `freshdesk`, or whatever the caller names (server API)
 *   status          the helpdesk's status, lowercased (`new`, `open`, `pending`, `solved`, …)
 *   priority        the helpdesk's priority, lowercased
 *   channel         how the ticket came in (`web`, `email`, `chat`, …)
 *   reopened        (ticket_updated) this update moved a resolved ticket back to open
 *   reopenCount     times the ticket went from resolved back to open, up to this event
 *   satisfaction    the customer's rating (on ticket_resolved, or a later ticket_updated), 1 (bad) … 5 (good)
 *   resolutionMs    (ticket_resolved) time from opening to this resolution
 *   dueAt           when the ticket was due (ms since epoch), if the helpdesk has an SLA or due date
 *   late            (ticket_resolved) resolved after dueAt
 *   updatedAt       when the helpdesk last changed the ticket (webhooks: tells a redelivery from news)
 *   sentAt          (webhooks) when the helpdesk sent the delivery (Zendesk's signature timestamp): orders
 *                   deliveries within the same `updatedAt` minute
 *   revision        (webhooks) content hash of the delivery, so a retry of it is recognised
 *
 * For the Happy Index: a ticket "reopened" is `ticket_updated` with `reopened: true`, or any ticket
 * event with `reopenCount > 0`; "resolved late" is `ticket_resolved` with `late: true`.
 */
import * as z from './zod';
import { TYPE } from './vocabulary';
import { LIMITS } from './limits';
import type { Envelope } from './event';

const word = z.string().check(z.minLength(1), z.maxLength(64));
const ticketCommon = {
  ticketId: z.string().check(z.minLength(1), z.maxLength(LIMITS.idLength)),
  helpdesk: z.optional(word),
  status: z.optional(word),
  priority: z.optional(word),
  channel: z.optional(word),
  subject: z.optional(z.string().check(z.maxLength(LIMITS.textLength))),
  reopenCount: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1e6))),
  dueAt: z.optional(z.number().check(z.int(), z.gte(0), z.lte(8.64e15))),
  satisfaction: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
  updatedAt: z.optional(z.number().check(z.int(), z.gte(0), z.lte(8.64e15))),
  sentAt: z.optional(z.number().check(z.int(), z.gte(0), z.lte(8.64e15))),
  revision: z.optional(z.string().check(z.regex(/^[0-9a-f]{8,64}$/))),
};

/**
 * Built from the shared envelope that `event.ts` passes in: importing it from `event.ts` here would be an
 * import cycle (event.ts imports this file for its union), which breaks at module evaluation.
 */
export function ticketSchemas(envelope: Envelope) {
  const ticketOpenedSchema = z.object({
    ...envelope,
    type: z.literal(TYPE.ticketOpened),
    props: z.object(ticketCommon),
  });

  const ticketUpdatedSchema = z.object({
    ...envelope,
    type: z.literal(TYPE.ticketUpdated),
    props: z.object({ ...ticketCommon, reopened: z.optional(z.boolean()) }),
  });

  const ticketResolvedSchema = z.object({
    ...envelope,
    type: z.literal(TYPE.ticketResolved),
    props: z.object({
      ...ticketCommon,
      resolutionMs: z.optional(z.number().check(z.int(), z.gte(0), z.lte(8.64e15))),
      late: z.optional(z.boolean()),
    }),
  });
  return [ticketOpenedSchema, ticketUpdatedSchema, ticketResolvedSchema] as const;
}


export type TicketOpenedEvent = z.infer<ReturnType<typeof ticketSchemas>[0]>;
export type TicketUpdatedEvent = z.infer<ReturnType<typeof ticketSchemas>[1]>;
export type TicketResolvedEvent = z.infer<ReturnType<typeof ticketSchemas>[2]>;
export type TicketEvent = TicketOpenedEvent | TicketUpdatedEvent | TicketResolvedEvent;
