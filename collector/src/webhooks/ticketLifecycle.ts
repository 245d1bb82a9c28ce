import { SERVER_SESSION } from '../server-events/toServerEvent';
import type { TicketHistoryEvent } from '../store/ticketHistory';
import { RESOLVED_STATUSES, type TicketSnapshot } from './ticketSnapshot';

/**
 * How long the same rendered body counts as a retry of a delivery already stored. Freshdesk retries a
 * failed webhook 5, 35 and 95 minutes after the failure
 * (https://supportsandbox.freshdesk.com/support/solutions/articles/11000000028141-receiving-webhook-failure-emails);
 * after this window an identical body is news again (e.g. a ticket reopened with nothing else changed).
 */
export const RETRY_WINDOW_MS = 2 * 3600_000;

type Ordered = { updatedAt?: number; sentAt?: number };

/**
 * Whether `a` describes an older state than `b`: by the helpdesk's update time, then (same minute, or no
 * update time) by when the helpdesk sent each delivery. Unknown on either side: not older.
 */
function isOlder(a: Ordered, b: Ordered): boolean {
  if (a.updatedAt !== undefined && b.updatedAt !== undefined && a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt;
  return a.sentAt !== undefined && b.sentAt !== undefined && a.sentAt < b.sentAt;
}

/**
 * Turns a helpdesk's "this ticket is now in state X" into lifecycle events, using what we already
 * stored for the ticket:
 *   first sight            → ticket_opened (and ticket_resolved if it is already solved)
 *   resolved → not resolved → ticket_updated { reopened: true, reopenCount + 1 }
 *   not resolved → resolved → ticket_resolved { resolutionMs, late, reopenCount, satisfaction }
 *   otherwise               → ticket_updated { status, satisfaction }
 * Ids are derived from the ticket and the transition (updates: from the delivery's content hash), and
 * yield no events: a retry (the content hash of a stored delivery, see below), a delivery older than the
 * newest stored one (updatedAt, then sentAt: out of order or replayed), or one saying what the newest says.
 */
export function ticketLifecycle(site: string, visitorId: string, t: TicketSnapshot, history: TicketHistoryEvent[], now: number) {
  // Zendesk's updatedAt has minute precision: a delivery sent within that minute dates the change closer.
  const withinMinute = t.updatedAt !== undefined && t.sentAt !== undefined && t.sentAt >= t.updatedAt && t.sentAt < t.updatedAt + 60_000;
  const at = withinMinute ? t.sentAt! : (t.updatedAt ?? t.sentAt ?? now);
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
      ...(t.sentAt !== undefined && { sentAt: t.sentAt }),
      ...(t.revision !== undefined && { revision: t.revision }),
      ...props,
    },
  });

  const opened = history.find((e) => e.type === 'ticket_opened');
  // The newest stored state (ties: the later event, e.g. the resolution stored with its opening).
  const last = history.reduce<TicketHistoryEvent | undefined>((newest, e) => (newest && isOlder(e.props, newest.props) ? newest : e), undefined);
  // A body already stored. Zendesk (signed time known, retries within seconds): a retry only if it is the
  // newest state, since a ticket reopened within the same minute renders the very body of its opening.
  // Freshdesk (no time at all): a retry while Freshdesk still retries.
  const seen = t.revision === undefined ? [] : history.filter((e) => e.props.revision === t.revision);
  if (seen.length && (t.sentAt !== undefined ? last?.props.revision === t.revision : seen.some((e) => now - e.ts <= RETRY_WINDOW_MS))) return [];
  // Older than what we have (a late or replayed delivery): it must not reopen or re-resolve anything.
  if (last && isOlder(t, last.props)) return [];
  if (
    last &&
    t.updatedAt !== undefined &&
    last.props.updatedAt === t.updatedAt &&
    last.props.sentAt === t.sentAt &&
    last.props.status === t.status &&
    last.props.satisfaction === t.satisfaction
  ) {
    return [];
  }

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

  if (!last) {
    const open = base('ticket_opened', 'opened', Math.min(openedAt, at), { reopenCount: 0 });
    return isResolved ? [open, resolved()] : [open];
  }
  if (wasResolved && !isResolved) {
    reopenCount += 1;
    return [base('ticket_updated', `reopened:${reopenCount}`, at, { reopened: true, reopenCount })];
  }
  if (!wasResolved && isResolved) return [resolved()];
  const update = t.revision ?? `${t.status}:${at}:${t.satisfaction ?? ''}`;
  return [base('ticket_updated', `u:${update}`, at, { reopenCount, ...satisfaction })];
}
