import { fail } from '../http/errors';
import { FRESHDESK_PRIORITIES, FRESHDESK_SOURCES, FRESHDESK_STATUSES, freshdeskCode } from './freshdeskCodes';
import { parseFreshdeskDate } from './parseFreshdeskDate';
import { nonEmpty, type TicketSnapshot } from './ticketSnapshot';

/**
 * Maps a Freshdesk automation-rule webhook ("Trigger webhook", JSON) to a ticket snapshot
 * (https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules).
 * Two layouts:
 *   advanced (the body in README.md, "Helpdesk webhooks"): `{ "ticket": { "id": "{{ticket.id}}", "status": …,
 *     "priority", "source", "due_by_time", "requester": { "email" } } }`
 *   simple (fields ticked in the rule): `{ "freshdesk_webhook": { "ticket_id", "ticket_status", …,
 *     "ticket_due_by_time", "ticket_requester_email" } }`, Freshdesk naming each placeholder `ticket_<name>`.
 * Freshdesk has no placeholder for the creation or update time, nor for the satisfaction rating: the
 * update time is the time of arrival, and retries are told apart by the body's hash (ticketLifecycle).
 */
export function freshdeskToTicket(body: unknown): TicketSnapshot {
  const root = (body ?? {}) as Record<string, unknown>;
  const simple = root.freshdesk_webhook as Record<string, unknown> | undefined;
  const advanced = root.ticket as Record<string, unknown> | undefined;
  if (!simple && (!advanced || typeof advanced !== 'object')) fail(400, 'ticket: is required (see the body in README.md, "Helpdesk webhooks")', 'ticket');
  const field = simple
    ? (name: string) => ({ value: simple[`ticket_${name.replace('.', '_')}`], path: `freshdesk_webhook.ticket_${name.replace('.', '_')}` })
    : (name: string) => {
        const [head, tail] = name.split('.');
        const value = tail ? ((advanced![head] ?? {}) as Record<string, unknown>)[tail] : advanced![head];
        return { value, path: `ticket.${name}` };
      };

  const id = field('id');
  const ticketId = nonEmpty(id.value);
  if (!ticketId) fail(400, `${id.path}: is required`, id.path);
  const status = field('status');
  const statusName = freshdeskCode(nonEmpty(status.value), FRESHDESK_STATUSES, 'status');
  if (!statusName) fail(400, `${status.path}: is required`, status.path);
  const email = field('requester.email');
  const requesterEmail = nonEmpty(email.value);
  if (!requesterEmail) fail(400, `${email.path}: is required to find the customer`, email.path);
  return {
    helpdesk: 'freshdesk',
    ticketId,
    status: statusName,
    email: requesterEmail,
    dueAt: parseFreshdeskDate(field('due_by_time').value),
    priority: freshdeskCode(nonEmpty(field('priority').value), FRESHDESK_PRIORITIES, 'priority'),
    channel: freshdeskCode(nonEmpty(field('source').value), FRESHDESK_SOURCES, 'source'),
  };
}
