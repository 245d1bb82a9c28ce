import type { ClientFacts } from '../acquisition/clientFacts';
import type { EventRow } from '../ingest/toEventRows';
import { PROJECTIONS } from './projections';

export interface StoreResult {
  stored: number;
  duplicates: number;
}

/**
 * Stores one batch atomically (db.batch is one transaction): the events, then every projection
 * (visitor summary, identity, ...) over the rows this batch actually inserted. The whole batch travels
 * as one JSON parameter through json_each, because D1 allows 100 bound parameters per statement and
 * each extra statement costs throughput (see ARCHITECTURE.md, "Data flow"). `INSERT OR IGNORE` on
 * (site, id) makes retries free.
 */
export async function storeEvents(
  db: D1Database,
  site: string,
  source: string,
  rows: EventRow[],
  receivedAt: number,
  client?: ClientFacts,
): Promise<StoreResult> {
  const [result] = await db.batch(storeStatements(db, site, source, rows, receivedAt, client));
  const stored = result.meta.changes ?? 0;
  return { stored, duplicates: rows.length - stored };
}

export interface StoreInput {
  site: string;
  source: string;
  rows: EventRow[];
  receivedAt: number;
  client?: ClientFacts;
}

/**
 * Several batches in ONE transaction (the queue consumer's unit of work): each keeps its own batch id,
 * so dedup and projections hold per batch exactly as in storeEvents. All or nothing.
 */
export async function storeMany(db: D1Database, batches: StoreInput[]): Promise<StoreResult[]> {
  const parts = batches.map((b) => storeStatements(db, b.site, b.source, b.rows, b.receivedAt, b.client));
  const results = await db.batch(parts.flat());
  let at = 0;
  return parts.map((statements, i) => {
    const stored = results[at].meta.changes ?? 0; // each part starts with its events insert
    at += statements.length;
    return { stored, duplicates: batches[i].rows.length - stored };
  });
}

/** The statements that store one batch: the events insert first, then every projection. */
function storeStatements(db: D1Database, site: string, source: string, rows: EventRow[], receivedAt: number, client?: ClientFacts): D1PreparedStatement[] {
  const batchId = crypto.randomUUID();
  const idsJson = JSON.stringify(rows.map((r) => r.id));
  const insert = db
    .prepare(
      `INSERT OR IGNORE INTO events
         (site, id, visitor_id, session_id, seq, type, name, ts, client_ts, received_at, url, path, props, source, batch_id)
       SELECT ?1, value->>'id', value->>'visitor_id', value->>'session_id', value->>'seq', value->>'type',
              value->>'name', value->>'ts', value->>'client_ts', ?2, value->>'url', value->>'path',
              value->>'props', ?3, ?4
       FROM json_each(?5)`,
    )
    .bind(site, receivedAt, source, batchId, JSON.stringify(rows));
  const derived = PROJECTIONS.flatMap((project) => project({ db, site, batchId, idsJson, rows, receivedAt, client }));
  return [insert, ...derived];
}
