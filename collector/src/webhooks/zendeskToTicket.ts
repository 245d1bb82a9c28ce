import { fail } from '../http/errors';
import { nonEmpty, parseDate, type TicketSnapshot } from './ticketSnapshot';

/**
 * Maps the JSON body of a Zendesk trigger webhook to a ticket snapshot. Zendesk trigger webhooks send
 * whatever JSON the admin writes, filled with placeholders
 * (https://support.zendesk.com/hc/en-us/articles/203662156-Zendesk-placeholders-reference); the body
 * to paste is in README.md ("Helpdesk webhooks"): a `ticket` object with id, status, priority, via,
 * created_at, updated_at, due_at, requester { email, external_id } and satisfaction.
 */
export function zendeskToTicket(body: unknown): TicketSnapshot {
  const ticket = (body as { ticket?: Record<string, unknown> } | null)?.ticket;
  if (!ticket || typeof ticket !== 'object') fail(400, 'ticket: is required (see the body in README.md, "Helpdesk webhooks")', 'ticket');
  const id = nonEmpty(ticket.id);
  if (!id) fail(400, 'ticket.id: is required', 'ticket.id');
  const status = nonEmpty(ticket.status)?.toLowerCase().replace('on-hold', 'hold');
  if (!status) fail(400, 'ticket.status: is required', 'ticket.status');
  const requester = (ticket.requester ?? {}) as Record<string, unknown>;
  const customerId = nonEmpty(requester.external_id);
  const email = nonEmpty(requester.email);
  if (!customerId && !email) {
    fail(400, 'ticket.requester: needs external_id or email to find the customer', 'ticket.requester');
  }
  return {
    helpdesk: 'zendesk',
    ticketId: id,
    status,
    customerId,
    email,
    createdAt: parseDate(ticket.created_at),
    updatedAt: parseDate(ticket.updated_at),
    dueAt: parseDate(ticket.due_at),
    priority: nonEmpty(ticket.priority)?.toLowerCase(),
    channel: nonEmpty(ticket.via)?.toLowerCase(),
    satisfaction: zendeskRating(ticket.satisfaction),
  };
}

/** `{{satisfaction.current_rating}}` renders Good / Bad (or Offered, Unoffered: no rating yet). */
function zendeskRating(value: unknown): number | undefined {
  const rating = nonEmpty(value)?.toLowerCase();
  return rating === 'good' ? 5 : rating === 'bad' ? 1 : undefined;
}
