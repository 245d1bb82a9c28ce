import { SERVER_SESSION } from '../server-events/toServerEvent';
import type { TicketHistoryEvent } from '../store/ticketHistory';
import { RESOLVED_STATUSES, type TicketSnapshot } from './ticketSnapshot';

/**
 * Turns a helpdesk's "this ticket is now in state X" into lifecycle events, using what we already
 * stored for the ticket:
 *   first sight            → ticket_opened (and ticket_resolved if it is already solved)
 *   resolved → not resolved → ticket_updated { reopened: true, reopenCount + 1 }
 *   not resolved → resolved → ticket_resolved { resolutionMs, late, reopenCount, satisfaction }
 *   otherwise               → ticket_updated { status, satisfaction }
 * Ids are derived from the ticket and the transition, and a delivery that says nothing newer than
 * the last stored event (same updatedAt, status and rating: a helpdesk retry), or is older than it
 * (out of order, or replayed), yields no events.
 */
export function ticketLifecycle(site: string, visitorId: string, t: TicketSnapshot, history: TicketHistoryEvent[], now: number) {
  const at = t.updatedAt ?? now;
  const base = (type: string, id: string, ts: number, props: Record<string, unknown>) => ({
    id: `${t.helpdesk}:${t.ticketId}:${id}`.slice(0, 128),
    site,
    type,
    visitorId,
    sessionId: SERVER_SESSION,
    seq: 0,
    ts,
    props: {
      ticketId: t.ticketId,
      helpdesk: t.helpdesk,
      status: t.status,
      ...(t.priority && { priority: t.priority }),
      ...(t.channel && { channel: t.channel }),
      ...(t.dueAt !== undefined && { dueAt: t.dueAt }),
      ...(t.updatedAt !== undefined && { updatedAt: t.updatedAt }),
      ...props,
    },
  });

  const opened = history.find((e) => e.type === 'ticket_opened');
  const last = history.at(-1);
  let reopenCount = last?.props.reopenCount ?? 0;
  const wasResolved = last ? last.type === 'ticket_resolved' || RESOLVED_STATUSES.has(last.props.status ?? '') : false;
  const isResolved = RESOLVED_STATUSES.has(t.status);
  const openedAt = opened?.ts ?? t.createdAt ?? at;
  const satisfaction = t.satisfaction !== undefined ? { satisfaction: t.satisfaction } : {};

  const resolved = () =>
    base('ticket_resolved', `resolved:${reopenCount}`, at, {
      reopenCount,
      resolutionMs: Math.max(0, at - openedAt),
      ...(t.dueAt !== undefined && { late: at > t.dueAt }),
      ...satisfaction,
    });

  // Older than what we have (a late or replayed delivery): it must not reopen or re-resolve anything.
  if (last && t.updatedAt !== undefined && last.props.updatedAt !== undefined && t.updatedAt < last.props.updatedAt) return [];
  if (
    last &&
    t.updatedAt !== undefined &&
    last.props.updatedAt === t.updatedAt &&
    last.props.status === t.status &&
    last.props.satisfaction === t.satisfaction
  ) {
    return [];
  }
  if (!last) {
    const open = base('ticket_opened', 'opened', Math.min(openedAt, at), { reopenCount: 0 });
    return isResolved ? [open, resolved()] : [open];
  }
  if (wasResolved && !isResolved) {
    reopenCount += 1;
    return [base('ticket_updated', `reopened:${reopenCount}`, at, { reopened: true, reopenCount })];
  }
  if (!wasResolved && isResolved) return [resolved()];
  return [base('ticket_updated', `u:${t.status}:${at}:${t.satisfaction ?? ''}`, at, { reopenCount, ...satisfaction })];
}
