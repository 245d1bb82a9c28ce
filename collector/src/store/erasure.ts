import { customerVisitorId } from '../ingest/customerVisitorId';

/** Rows removed per table by an erasure. */
export type ErasedCounts = Record<string, number>;

/**
 * GDPR erasure of one visitor: their events (survey answers and chat included: they are events) and web-vitals samples,
 * score state, identity links and summary, in one transaction. A customer the visitor identified as
 * keeps its other devices.
 */
export async function eraseVisitor(db: D1Database, site: string, visitorId: string): Promise<ErasedCounts> {
  const ids = JSON.stringify([visitorId]);
  return run(db, [
    ['vital_samples', eraseVitalSamples(db, site, ids)],
    ['events', db.prepare('DELETE FROM events WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))').bind(site, ids)],
    ['score_state', db.prepare('DELETE FROM score_state WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))').bind(site, ids)],
    ['identities', db.prepare('DELETE FROM identities WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))').bind(site, ids)],
    ['visitors', db.prepare('DELETE FROM visitors WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))').bind(site, ids)],
  ]);
}

/**
 * GDPR erasure of a customer: every device that identified as them (and their server-side
 * `customer:<id>` events: newsletter opens and clicks, tickets), their score state, traits, identity
 * links and newsletter recipient rows, in one transaction.
 */
export async function eraseCustomer(db: D1Database, site: string, customerId: string): Promise<ErasedCounts> {
  const { results } = await db
    .prepare('SELECT visitor_id FROM identities WHERE site = ? AND customer_id = ?')
    .bind(site, customerId)
    .all<{ visitor_id: string }>();
  const ids = JSON.stringify([...new Set([...results.map((r) => r.visitor_id), customerVisitorId(customerId)])]);
  return run(db, [
    ['vital_samples', eraseVitalSamples(db, site, ids)],
    ['events', db.prepare('DELETE FROM events WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))').bind(site, ids)],
    ['score_state', db.prepare('DELETE FROM score_state WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))').bind(site, ids)],
    ['identities', db.prepare('DELETE FROM identities WHERE site = ?1 AND (customer_id = ?3 OR visitor_id IN (SELECT value FROM json_each(?2)))').bind(site, ids, customerId)],
    ['visitors', db.prepare('DELETE FROM visitors WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))').bind(site, ids)],
    ['customers', db.prepare('DELETE FROM customers WHERE site = ? AND customer_id = ?').bind(site, customerId)],
    ['newsletter_recipients', db.prepare('DELETE FROM newsletter_recipients WHERE site = ? AND recipient = ?').bind(site, customerId)],
  ]);
}

/** The visitors' web-vitals samples, found through their vital events (so it runs before those are deleted). */
const eraseVitalSamples = (db: D1Database, site: string, ids: string) =>
  db
    .prepare(
      `DELETE FROM vital_samples WHERE (site, name, value, ts, event_id) IN (
         SELECT site, name, props->>'value', ts, id FROM events
         WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND type = 'vital')`,
    )
    .bind(site, ids);

async function run(db: D1Database, statements: [string, D1PreparedStatement][]): Promise<ErasedCounts> {
  const results = await db.batch(statements.map(([, s]) => s));
  return Object.fromEntries(statements.map(([table], i) => [table, results[i].meta.changes ?? 0]));
}
