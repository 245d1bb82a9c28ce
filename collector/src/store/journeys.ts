import { TYPE } from '../schema/vocabulary';

/** The chat event types, as the partial index events_chat (migration 0024) lists them. */
export const CHAT_TYPES = [TYPE.chatStarted, TYPE.chatMessage, TYPE.chatEnded] as const;

/** One event as the read API returns it. */
export interface JourneyEvent {
  id: string;
  type: string;
  name: string | null;
  ts: number;
  receivedAt: number;
  visitorId: string;
  sessionId: string;
  seq: number;
  url: string | null;
  path: string | null;
  props: unknown;
  source: string;
}

export type JourneyKey = [ts: number, seq: number, id: string];

/** One event as JSON built by SQLite, with the fields and order of JourneyEvent (props as stored). */
const EVENT_JSON = `json_object('id', id, 'type', type, 'name', name, 'ts', ts, 'receivedAt', received_at, 'visitorId', visitor_id,
    'sessionId', session_id, 'seq', seq, 'url', url, 'path', path, 'props', json(props), 'source', source)`;

/**
 * A page's events as one JSON array, from `rows`: a subquery of events in journey order (ORDER BY
 * ts, seq, id with its LIMIT). The objects are built in the aggregate, in the order SQLite hands the
 * subquery's rows over (a co-routine scanned as it yields; its ORDER BY cannot be dropped while it has a
 * LIMIT). Building them in the subquery and ordering inside json_group_array instead re-parses and
 * sorts every object: twice the time for a page of 1,000 (5.1 ms → 2.6 in SQLite). reads.test checks
 * the order with events stored out of it.
 */
const pageJson = (rows: string) => `SELECT json_group_array(${EVENT_JSON}) AS events FROM (${rows})`;
const COLUMNS = 'id, type, name, ts, received_at, visitor_id, session_id, seq, url, path, props, source';

/** Whose journey: one visitor id, or every visitor id that identified as a customer. */
export type JourneyScope = { visitorId: string } | { customerId: string };

// INDEXED BY: without ANALYZE statistics SQLite reads a customer's journey through the site's time
// index (every event of the site, 350 ms at 500k events) instead of each visitor id's own range (14 ms).
const EVENTS = 'events INDEXED BY events_visitor_time';

/** The WHERE of a journey (?1 site, ?2 the visitor or customer id), its keyset bound from ?3, and its binds. */
function journeyWhere(site: string, scope: JourneyScope, after: JourneyKey | null) {
  const whose =
    'visitorId' in scope ? 'visitor_id = ?2' : 'visitor_id IN (SELECT visitor_id FROM identities WHERE site = ?1 AND customer_id = ?2)';
  const who = 'visitorId' in scope ? scope.visitorId : scope.customerId;
  return after
    ? { where: `site = ?1 AND ${whose} AND (ts, seq, id) > (?3, ?4, ?5)`, binds: [site, who, ...after], next: 6 }
    : { where: `site = ?1 AND ${whose}`, binds: [site, who], next: 3 };
}

/** One journey page as the read API returns it: the events as JSON text, and the cursor key when the page is full. */
export interface JourneyPageJson {
  eventsJson: string;
  nextKey: JourneyKey | null;
}

/**
 * One keyset page of a journey, its JSON built by SQLite (the same fields and order as JourneyEvent,
 * props as stored): the Worker passes the text through instead of parsing and re-serialising each
 * event. The page's last key comes from the index alone (the row at limit − 1, absent on a short
 * page). `alongside`: statements sent in the same db.batch (the page's owner), their results returned.
 * One D1 round trip.
 */
export async function readJourneyPage(
  db: D1Database,
  site: string,
  scope: JourneyScope,
  limit: number,
  after: JourneyKey | null,
  alongside: D1PreparedStatement[] = [],
): Promise<JourneyPageJson & { alongside: D1Result[] }> {
  const { where, binds, next } = journeyWhere(site, scope, after);
  const [page, last, ...others] = await db.batch([
    db.prepare(pageJson(`SELECT ${COLUMNS} FROM ${EVENTS} WHERE ${where} ORDER BY ts, seq, id LIMIT ?${next}`)).bind(...binds, limit),
    db.prepare(`SELECT ts, seq, id FROM ${EVENTS} WHERE ${where} ORDER BY ts, seq, id LIMIT 1 OFFSET ?${next}`).bind(...binds, limit - 1),
    ...alongside,
  ]);
  const key = (last.results as { ts: number; seq: number; id: string }[])[0];
  return { eventsJson: (page.results as { events: string }[])[0]!.events, nextKey: key ? [key.ts, key.seq, key.id] : null, alongside: others };
}

/**
 * Events in time order (ts, then per-session seq, then id), one keyset page at a time. A customer's
 * journey merges all of its visitor ids, including what they did before identifying. `only: 'chat'`:
 * the chat events alone, through their partial index (migration 0024), not every event of the journey.
 */
export async function readJourney(
  db: D1Database,
  site: string,
  scope: JourneyScope,
  limit: number,
  after: JourneyKey | null,
  only?: 'chat',
): Promise<JourneyEvent[]> {
  return journeyEvents(await journeyStatement(db, site, scope, limit, after, only).all());
}

/**
 * readJourney as a statement, to send in one db.batch with the reads that go with it. The page comes
 * back as one JSON value (parsed at once in journeyEvents): a row per event with a value per column
 * cost more to hand from D1 to the Worker than the query itself.
 */
export function journeyStatement(db: D1Database, site: string, scope: JourneyScope, limit: number, after: JourneyKey | null, only?: 'chat') {
  const { where, binds, next } = journeyWhere(site, scope, after);
  // The same type list as the index's WHERE, so SQLite can use it.
  const from = only === 'chat' ? `events INDEXED BY events_chat` : EVENTS;
  const chat = only === 'chat' ? ` AND type IN (${CHAT_TYPES.map((t) => `'${t}'`).join(', ')})` : '';
  return db.prepare(pageJson(`SELECT ${COLUMNS} FROM ${from} WHERE ${where}${chat} ORDER BY ts, seq, id LIMIT ?${next}`)).bind(...binds, limit);
}

/** The events of journeyStatement's result. */
export const journeyEvents = (result: D1Result): JourneyEvent[] => JSON.parse((result.results as { events: string }[])[0]!.events) as JourneyEvent[];
