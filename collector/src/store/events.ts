import type { EventRow } from '../ingest/toEventRows';

export interface StoreResult {
  stored: number;
  duplicates: number;
}

/**
 * Stores one batch atomically (db.batch is one transaction): the events, then the visitor summary
 * for the rows this batch actually inserted. The whole batch travels as one JSON parameter through
 * json_each, because D1 allows 100 bound parameters per statement and each extra statement costs
 * throughput (see ARCHITECTURE.md, "Ingest"). `INSERT OR IGNORE` on (site, id) makes retries free.
 */
export async function storeEvents(
  db: D1Database,
  site: string,
  source: string,
  rows: EventRow[],
  receivedAt: number,
): Promise<StoreResult> {
  const batchId = crypto.randomUUID();
  const json = JSON.stringify(rows);
  const ids = JSON.stringify(rows.map((r) => r.id));

  const [insert] = await db.batch([
    db
      .prepare(
        `INSERT OR IGNORE INTO events
           (site, id, visitor_id, session_id, seq, type, name, ts, client_ts, received_at, url, path, props, source, batch_id)
         SELECT ?1, value->>'id', value->>'visitor_id', value->>'session_id', value->>'seq', value->>'type',
                value->>'name', value->>'ts', value->>'client_ts', ?2, value->>'url', value->>'path',
                value->>'props', ?3, ?4
         FROM json_each(?5)`,
      )
      .bind(site, receivedAt, source, batchId, json),
    db
      .prepare(
        `INSERT INTO visitors (site, visitor_id, first_seen, last_seen, events)
         SELECT site, visitor_id, min(ts), max(ts), count(*) FROM events
         WHERE site = ?1 AND id IN (SELECT value FROM json_each(?2)) AND batch_id = ?3
         GROUP BY visitor_id
         ON CONFLICT (site, visitor_id) DO UPDATE SET
           first_seen = min(first_seen, excluded.first_seen),
           last_seen = max(last_seen, excluded.last_seen),
           events = events + excluded.events`,
      )
      .bind(site, ids, batchId),
  ]);
  const stored = insert.meta.changes ?? 0;
  return { stored, duplicates: rows.length - stored };
}
