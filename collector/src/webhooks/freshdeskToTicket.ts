import { fail } from '../http/errors';
import { nonEmpty, parseDate, type TicketSnapshot } from './ticketSnapshot';

/**
 * Maps a Freshdesk automation-rule webhook ("Trigger webhook", JSON, simple content) to a ticket
 * snapshot (https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules).
 * Simple content wraps the chosen fields in `freshdesk_webhook` as `ticket_<field>`; the same keys at
 * the top level (advanced content) are accepted too. Freshdesk's status names (Open, Pending,
 * Resolved, Closed, …) are lowercased.
 */
export function freshdeskToTicket(body: unknown): TicketSnapshot {
  const root = (body ?? {}) as Record<string, unknown>;
  const t = (root.freshdesk_webhook ?? root) as Record<string, unknown>;
  const id = nonEmpty(t.ticket_id);
  if (!id) fail(400, 'freshdesk_webhook.ticket_id: is required', 'freshdesk_webhook.ticket_id');
  const status = nonEmpty(t.ticket_status)?.toLowerCase();
  if (!status) fail(400, 'freshdesk_webhook.ticket_status: is required', 'freshdesk_webhook.ticket_status');
  const email = nonEmpty(t.ticket_contact_email) ?? nonEmpty(t.ticket_requester_email);
  const customerId = nonEmpty(t.ticket_contact_unique_external_id);
  if (!customerId && !email) {
    fail(400, 'freshdesk_webhook.ticket_contact_email: is required to find the customer', 'freshdesk_webhook.ticket_contact_email');
  }
  return {
    helpdesk: 'freshdesk',
    ticketId: id,
    status,
    customerId,
    email,
    createdAt: parseDate(t.ticket_created_at),
    updatedAt: parseDate(t.ticket_updated_at),
    dueAt: parseDate(t.ticket_due_by_time),
    priority: nonEmpty(t.ticket_priority)?.toLowerCase(),
    channel: nonEmpty(t.ticket_source)?.toLowerCase(),
    satisfaction: freshdeskRating(t.ticket_satisfaction_rating),
  };
}

/** Freshdesk's classic CSAT: Awesome / Neutral / Not Good (site-defined fields may send 1–5). */
function freshdeskRating(value: unknown): number | undefined {
  const v = nonEmpty(value)?.toLowerCase();
  if (!v) return undefined;
  if (/^[1-5]$/.test(v)) return Number(v);
  return v.startsWith('awesome') ? 5 : v.startsWith('neutral') ? 3 : v.startsWith('not good') ? 1 : undefined;
}
