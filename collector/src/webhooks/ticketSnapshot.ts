/** What a helpdesk webhook tells us about one ticket at one moment, whatever the vendor. */
export interface TicketSnapshot {
  helpdesk: 'zendesk' | 'freshdesk';
  ticketId: string;
  /** Normalised: new | open | pending | hold | solved | closed (anything else is kept, lowercased). */
  status: string;
  /** The site's own customer id, when the helpdesk knows it (Zendesk external_id). */
  customerId?: string;
  /** The requester's email: hashed here, never stored. */
  email?: string;
  createdAt?: number;
  updatedAt?: number;
  dueAt?: number;
  priority?: string;
  channel?: string;
  /** 1 (bad) … 5 (good). */
  satisfaction?: number;
  /**
   * When the helpdesk sent this delivery (Zendesk: the signature timestamp, to the second). Orders two
   * deliveries whose `updatedAt` is the same minute (Zendesk placeholders have minute precision).
   */
  sentAt?: number;
  /** Content hash of the delivery as rendered: a retry has the same one (Freshdesk sends no update time). */
  revision?: string;
}

/** Statuses that mean the helpdesk considers the ticket done. */
export const RESOLVED_STATUSES = new Set(['solved', 'resolved', 'closed']);

/** A date as helpdesks send it (ISO 8601, or "2024-05-01 10:00:00 UTC") → ms, or undefined. */
export function parseDate(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const ms = Date.parse(value.trim().replace(/ UTC$/, 'Z').replace(/^(\d{4}-\d\d-\d\d) /, '$1T'));
  return Number.isNaN(ms) ? undefined : ms;
}

/** A non-empty trimmed string, or undefined (unrendered placeholders arrive as ""). */
export function nonEmpty(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
