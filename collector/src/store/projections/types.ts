import type { EventRow } from '../../ingest/toEventRows';

/**
 * A projection keeps a derived table current as events are stored. It contributes statements to the
 * same db.batch (one transaction) as the events insert, and must read only the rows this batch
 * inserted (`batch_id = ?`), so a retried batch changes nothing. It gets the validated rows to decide
 * whether it has work at all (e.g. identity only when the batch holds identify events).
 */
export interface ProjectionContext {
  db: D1Database;
  site: string;
  batchId: string;
  /** JSON array of this batch's event ids, for `id IN (SELECT value FROM json_each(?))`. */
  idsJson: string;
  rows: EventRow[];
}

export type Projection = (ctx: ProjectionContext) => D1PreparedStatement[];

/** SQL for "the rows this batch inserted", with ?1 = site, ?2 = ids JSON, ?3 = batch id. */
export const NEW_ROWS = `site = ?1 AND id IN (SELECT value FROM json_each(?2)) AND batch_id = ?3`;
