import type { HoptrailEvent } from '../schema/event';
import { clientHash } from './clientHash';

/** The visitor id the SDK sends in cookieless mode (no consent, GPC or DNT): it has no id of its own. */
export const COOKIELESS = 'cookieless';
export const COOKIELESS_PREFIX = 'anon:';

/**
 * Gives cookieless events a visitor id the collector derives itself, as Plausible and Fathom do:
 * `anon:` + the daily-salted hash of site, IP and user agent (clientHash). Nothing is stored on the
 * device, the IP is never stored, and the id changes every day, so it counts visits without
 * following anyone across days. Such a visitor can never be identified.
 */
export async function assignCookielessIds(db: D1Database, site: string, request: Request, events: HoptrailEvent[], now: number) {
  if (!events.some((e) => e.visitorId === COOKIELESS)) return;
  const id = COOKIELESS_PREFIX + (await clientHash(db, site, request, now)).slice(0, 32);
  for (const e of events) if (e.visitorId === COOKIELESS) e.visitorId = id;
}
