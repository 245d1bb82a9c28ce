import { FRESHDESK_ZONE_OFFSETS } from './freshdeskTimeZones';
import { parseDate } from './ticketSnapshot';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * Freshdesk renders `{{ticket.due_by_time}}` with Ruby's `strftime('%B %e %Y at %I:%M %p %Z')` in the
 * account's time zone, e.g. "July 10 2023 at 05:00 PM EDT" or "July  9 2023 at 11:30 AM +0530" (Freshdesk's
 * Helpdesk::TicketDrop). Returns ms since epoch; undefined for an empty placeholder, an unknown zone or no
 * zone at all (a guessed zone would make "resolved late" wrong by hours). ISO dates are read as such.
 */
export function parseFreshdeskDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return parseDate(value);
  const m = /^([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})\s+at\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])\s+(\S+)$/.exec(value.trim());
  if (!m) return parseDate(value);
  const [, monthName, day, year, hour12, minute, meridiem, zone] = m;
  const month = MONTHS.indexOf(monthName.toLowerCase());
  const offset = zoneOffset(zone);
  const hour = Number(hour12);
  if (month < 0 || offset === undefined || hour < 1 || hour > 12 || Number(minute) > 59) return undefined;
  const hour24 = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  const local = Date.UTC(Number(year), month, Number(day), hour24, Number(minute));
  if (new Date(local).getUTCDate() !== Number(day)) return undefined; // "February 30"
  return local - offset * 60_000;
}

/** "EDT" → -240; "+0530" / "+05" / "-03" (tzdata's numeric abbreviations) → minutes; else undefined. */
function zoneOffset(zone: string): number | undefined {
  const numeric = /^([+-])(\d{2})(\d{2})?$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  return Object.hasOwn(FRESHDESK_ZONE_OFFSETS, zone) ? FRESHDESK_ZONE_OFFSETS[zone] : FRESHDESK_ZONE_OFFSETS[zone.toUpperCase()];
}
