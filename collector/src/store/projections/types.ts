import type { ClientFacts } from '../../acquisition/clientFacts';
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
  /** When the batch was received (server time, ms). */
  receivedAt: number;
  /** The browser and place of the request, for batches that came from a page (sessions projection). */
  client?: ClientFacts;
}

export type Projection = (ctx: ProjectionContext) => D1PreparedStatement[];

/**
 * The rows this batch inserted, as a subquery to select FROM (?1 = site, ?2 = ids JSON, ?3 = batch id).
 * CROSS JOIN keeps json_each as the outer loop (SQLite does not reorder it), so each id finds its event
 * by primary key; a plain `id IN (…)` let the planner scan all of the site's events on every batch.
 */
export const NEW_EVENTS = `(SELECT e.* FROM json_each(?2) AS j CROSS JOIN events AS e ON e.site = ?1 AND e.id = j.value WHERE e.batch_id = ?3)`;
