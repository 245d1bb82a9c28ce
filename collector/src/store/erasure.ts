import { customerVisitorId } from '../ingest/customerVisitorId';
import { hourlyCountsErasure } from './hourlyCountsErasure';
import { refreshRecipients } from './newsletterFunnel';
import { personDeletes } from './personTables';

/** Rows removed per table by an erasure. */
export type ErasedCounts = Record<string, number>;

/**
 * GDPR erasure of one visitor: every row naming it in every person table (store/personTables.ts):
 * events (survey answers and chat included), web-vitals samples, score state, segment membership,
 * identity links and summary, in one transaction. A customer the visitor identified as keeps its
 * other devices.
 */
export async function eraseVisitor(db: D1Database, site: string, visitorId: string): Promise<ErasedCounts> {
  const ids = [visitorId];
  const binds = [site, JSON.stringify(ids)];
  return run(
    db,
    hourlyCountsErasure(db, 'SELECT value FROM json_each(?2)', binds),
    personDeletes(db, 'SELECT value FROM json_each(?2)', 'SELECT NULL WHERE false', binds),
    await funnelRefresh(db, site, ids),
  );
}

/**
 * GDPR erasure of a customer: every device that identified as them or is theirs now, their
 * server-side `customer:<id>` events (newsletter opens and clicks, tickets), and every row naming
 * the customer or those ids in every person table, in one transaction.
 */
export async function eraseCustomer(db: D1Database, site: string, customerId: string): Promise<ErasedCounts> {
  const { results } = await db
    .prepare(
      `SELECT visitor_id FROM identities WHERE site = ?1 AND customer_id = ?2
       UNION SELECT visitor_id FROM visitors INDEXED BY visitors_customer WHERE site = ?1 AND customer_id = ?2`,
    )
    .bind(site, customerId)
    .all<{ visitor_id: string }>();
  const ids = [...new Set([...results.map((r) => r.visitor_id), customerVisitorId(customerId)])];
  const binds = [site, JSON.stringify(ids), customerId];
  return run(
    db,
    hourlyCountsErasure(db, 'SELECT value FROM json_each(?2)', binds),
    personDeletes(db, 'SELECT value FROM json_each(?2)', 'SELECT ?3', binds),
    await funnelRefresh(db, site, ids),
  );
}

/**
 * The newsletter funnel rows of the other recipients these visitors were linked to, recomputed after
 * the deletes (their visits may be gone); the erased customer's own rows go with the person tables.
 */
async function funnelRefresh(db: D1Database, site: string, visitorIds: string[]): Promise<D1PreparedStatement> {
  const { results } = await db
    .prepare('SELECT DISTINCT customer_id FROM identities INDEXED BY identities_visitor WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))')
    .bind(site, JSON.stringify(visitorIds))
    .all<{ customer_id: string }>();
  return refreshRecipients(db, site, results.map((r) => r.customer_id));
}

/**
 * One transaction: the hourly counts first (they read the events), then the deletes, whose rows are
 * reported, then the funnel refresh (it reads what is left).
 */
async function run(db: D1Database, counts: D1PreparedStatement[], statements: [string, D1PreparedStatement][], after: D1PreparedStatement): Promise<ErasedCounts> {
  const results = (await db.batch([...counts, ...statements.map(([, s]) => s), after])).slice(counts.length);
  return Object.fromEntries(statements.map(([table], i) => [table, results[i].meta.changes ?? 0]));
}
