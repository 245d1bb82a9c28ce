/**
 * Freshdesk's numeric codes (https://developers.freshdesk.com/api/#tickets), for bodies that send ids
 * rather than the names `{{ticket.status}}` renders. Statuses 2–5 are Freshdesk's built-in ones; 6 and 7
 * are the custom statuses new accounts start with; other custom statuses keep their number.
 */
export const FRESHDESK_STATUSES: Readonly<Record<string, string>> = {
  2: 'open',
  3: 'pending',
  4: 'resolved',
  5: 'closed',
  6: 'waiting on customer',
  7: 'waiting on third party',
};

export const FRESHDESK_PRIORITIES: Readonly<Record<string, string>> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'urgent' };

export const FRESHDESK_SOURCES: Readonly<Record<string, string>> = {
  1: 'email',
  2: 'portal',
  3: 'phone',
  7: 'chat',
  9: 'feedback widget',
  10: 'outbound email',
};

/** A name lowercased, or a code through its table (an unknown code stays `status 12`). */
export function freshdeskCode(value: string | undefined, table: Readonly<Record<string, string>>, kind: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) return value.toLowerCase();
  return table[value] ?? `${kind} ${value}`;
}
