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
import * as z from 'zod';
import { TYPE } from './vocabulary';
import { LIMITS } from './limits';
import type { Envelope } from './event';

const word = z.string().min(1).max(64);
const ticketCommon = {
  ticketId: z.string().min(1).max(LIMITS.idLength),
  helpdesk: word.optional(),
  status: word.optional(),
  priority: word.optional(),
  channel: word.optional(),
  subject: z.string().max(LIMITS.textLength).optional(),
  reopenCount: z.number().int().min(0).max(1e6).optional(),
  dueAt: z.number().int().min(0).max(8.64e15).optional(),
  satisfaction: z.number().int().min(1).max(5).optional(),
  updatedAt: z.number().int().min(0).max(8.64e15).optional(),
  sentAt: z.number().int().min(0).max(8.64e15).optional(),
  revision: z.string().regex(/^[0-9a-f]{8,64}$/).optional(),
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
    props: z.object({ ...ticketCommon, reopened: z.boolean().optional() }),
  });

  const ticketResolvedSchema = z.object({
    ...envelope,
    type: z.literal(TYPE.ticketResolved),
    props: z.object({
      ...ticketCommon,
      resolutionMs: z.number().int().min(0).max(8.64e15).optional(),
      late: z.boolean().optional(),
    }),
  });
  return [ticketOpenedSchema, ticketUpdatedSchema, ticketResolvedSchema] as const;
}


export type TicketOpenedEvent = z.infer<ReturnType<typeof ticketSchemas>[0]>;
export type TicketUpdatedEvent = z.infer<ReturnType<typeof ticketSchemas>[1]>;
export type TicketResolvedEvent = z.infer<ReturnType<typeof ticketSchemas>[2]>;
export type TicketEvent = TicketOpenedEvent | TicketUpdatedEvent | TicketResolvedEvent;
