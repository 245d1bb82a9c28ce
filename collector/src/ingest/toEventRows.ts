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
 * (receivedAt − sentAt, the approach Segment uses), then clamps it into
 * [receivedAt − maxEventAge, receivedAt], so an event can never sit in the future or before history.
 */
export function toEventRows(events: HoptrailEvent[], sentAt: number | undefined, receivedAt: number): EventRow[] {
  const skew = sentAt === undefined ? 0 : receivedAt - sentAt;
  const oldest = receivedAt - LIMITS.maxEventAgeMs;
  return events.map((e) => ({
    id: e.id,
    visitor_id: e.visitorId,
    session_id: e.sessionId,
    seq: e.seq,
    type: e.type,
    name: 'name' in e && e.name !== undefined ? e.name : null,
    ts: Math.min(receivedAt, Math.max(oldest, e.ts + skew)),
    client_ts: e.ts,
    url: e.url ?? null,
    path: e.url ? pathOf(e.url) : null,
    props: e.props ?? null,
  }));
}

function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}
