import { sha256Hex } from '../lib/hash';
import { followUpsShown, resolvedTicketsOf } from '../store/ticketFollowUps';

const DAY = 86_400_000;

/**
 * The opaque ref of a ticket that the widget sends back with the follow-up survey's events
 * (`props.ticketRef`): the public endpoint never names a ticket, and the ref still tells tickets apart.
 */
export const ticketRef = async (site: string, helpdesk: string, ticketId: string) =>
  (await sha256Hex(`${site}\n${helpdesk}\n${ticketId}`)).slice(0, 32);

/**
 * For each active follow-up survey (targeting.ticketResolved): the ref of the person's most recently
 * resolved ticket within the survey's window that this survey has not been shown for yet (on any of
 * their devices), or nothing. A reopened ticket waits for its next resolution, and a ticket gets the
 * survey once, whatever its later resolutions.
 */
export async function ticketFollowUps(
  db: D1Database,
  site: string,
  visitorId: string,
  targets: { id: string; withinDays: number }[],
  now: number,
): Promise<Record<string, string>> {
  if (!targets.length) return {};
  const widest = Math.max(...targets.map((t) => t.withinDays));
  const tickets = await resolvedTicketsOf(db, site, visitorId, now - widest * DAY);
  if (!tickets.length) return {};
  const refs = await Promise.all(tickets.map((t) => ticketRef(site, t.helpdesk, t.ticketId)));
  const shown = await followUpsShown(db, site, visitorId, targets.map((t) => t.id));
  const out: Record<string, string> = {};
  for (const target of targets) {
    const i = tickets.findIndex((t, i) => t.resolvedAt >= now - target.withinDays * DAY && !shown.get(target.id)?.has(refs[i]));
    if (i >= 0) out[target.id] = refs[i];
  }
  return out;
}
