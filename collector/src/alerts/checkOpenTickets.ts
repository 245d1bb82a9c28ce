import type { Env } from '../env';
import { subscriptionsOfKind } from '../store/alertSubscriptions';
import { openTicketsBefore } from '../store/alertState';
import { raiseOccurrence, type RaiseOptions } from './raiseOccurrence';

const HOUR = 3_600_000;
/** Tickets looked at per subscription and run (oldest first). */
const TICKETS_PER_RUN = 200;

/**
 * "A ticket open longer than N hours": every minute, each such subscription's tickets that were opened
 * N hours ago or earlier and are not resolved (alert_open_tickets). The occurrence key is the ticket, so
 * each ticket alerts once per subscription; raiseOccurrence stops early for those already in the outbox.
 */
export async function checkOpenTickets(env: Env, now: number, options: RaiseOptions = {}): Promise<number> {
  let raised = 0;
  for (const sub of await subscriptionsOfKind(env.DB, 'ticket')) {
    if (sub.trigger.kind !== 'ticket' || sub.trigger.on !== 'open_longer') continue;
    const tickets = await openTicketsBefore(env.DB, sub.site, now - sub.trigger.hours * HOUR, TICKETS_PER_RUN);
    for (const t of tickets) {
      const ids = await raiseOccurrence(
        env,
        {
          site: sub.site,
          kind: 'ticket',
          key: `ticket_open:${t.helpdesk}:${t.ticket_id}`,
          at: now,
          subscriptionId: sub.id,
          person: { visitorId: t.visitor_id, customerId: t.customer_id },
          ticket: {
            ticketId: t.ticket_id,
            change: 'open_longer',
            openHours: (now - t.opened_at) / HOUR,
            ...(t.helpdesk ? { helpdesk: t.helpdesk } : {}),
            ...(t.subject ? { subject: t.subject } : {}),
          },
        },
        { ...options, now },
      );
      raised += ids.length;
    }
  }
  return raised;
}
