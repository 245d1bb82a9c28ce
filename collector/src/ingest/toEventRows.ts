import type { HoptrailEvent } from '../schema/event';
import { LIMITS } from '../schema/limits';

/** One `events` row as the store writes it (column names as in the migration). */
export interface EventRow {
  id: string;
  visitor_id: string;
  session_id: string;
  seq: number;
  type: string;
  name: string | null;
  ts: number;
  client_ts: number;
  url: string | null;
  path: string | null;
  props: unknown;
}

/**
 * Turns validated events into rows: corrects each client time by the batch's own clock skew
 * (receivedAt − sentAt, the approach Segment uses), then clamps it into [oldest, receivedAt] (oldest:
 * receivedAt − maxEventAge, or a server backfill's horizon), so an event never sits in the future or
 * before history. Server events report each clamp to the caller (eventTime gives the same answer).
 */
export function toEventRows(
  events: HoptrailEvent[],
  sentAt: number | undefined,
  receivedAt: number,
  oldest = receivedAt - LIMITS.maxEventAgeMs,
): EventRow[] {
  const skew = sentAt === undefined ? 0 : receivedAt - sentAt;
  return events.map((e) => ({
    id: e.id,
    visitor_id: e.visitorId,
    session_id: e.sessionId,
    seq: e.seq,
    type: e.type,
    name: 'name' in e && e.name !== undefined ? e.name : null,
    ts: eventTime(e.ts + skew, receivedAt, oldest),
    client_ts: e.ts,
    url: e.url ?? null,
    path: e.url ? pathOf(e.url) : null,
    props: e.props ?? null,
  }));
}

/** The stored time of an event sent at `ts` (skew already applied). */
export const eventTime = (ts: number, receivedAt: number, oldest = receivedAt - LIMITS.maxEventAgeMs) =>
  Math.min(receivedAt, Math.max(oldest, ts));

function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}
