import { CUSTOMER_VISITOR_PREFIX } from '../../ingest/customerVisitorId';
import { NEW_EVENTS, type Projection } from './types';

/**
 * identify events link a visitor to a customer: the customer row (traits merged with RFC 7396
 * json_patch, in event order), the visitor ↔ customer pair, and the visitor's current customer.
 * Events from before the identify stay under the visitor id, and the customer journey reads every
 * visitor id the customer has, so they belong to the customer too.
 */
export const identity: Projection = (ctx) => [...identifyEvents(ctx), ...customerKeyedEvents(ctx)];

const identifyEvents: Projection = ({ db, site, batchId, idsJson, rows }) => {
  if (!rows.some((r) => r.type === 'identify')) return [];
  const identifies = `SELECT * FROM ${NEW_EVENTS} WHERE type = 'identify' ORDER BY ts, seq`;
  return [
    db
      .prepare(
        `INSERT INTO customers (site, customer_id, traits, first_seen, last_seen)
         SELECT site, props->>'customerId', coalesce(props->'traits', '{}'), ts, ts FROM (${identifies}) WHERE true
         ON CONFLICT (site, customer_id) DO UPDATE SET
           traits = json_patch(traits, excluded.traits),
           first_seen = min(first_seen, excluded.first_seen),
           last_seen = max(last_seen, excluded.last_seen)`,
      )
      .bind(site, idsJson, batchId),
    db
      .prepare(
        `INSERT OR IGNORE INTO identities (site, customer_id, visitor_id, first_seen)
         SELECT site, props->>'customerId', visitor_id, ts FROM (${identifies})`,
      )
      .bind(site, idsJson, batchId),
    db
      .prepare(
        `UPDATE visitors SET customer_id = (
           SELECT props->>'customerId' FROM (${identifies}) AS i
           WHERE i.visitor_id = visitors.visitor_id ORDER BY i.ts DESC, i.seq DESC LIMIT 1)
         WHERE site = ?1 AND visitor_id IN (SELECT visitor_id FROM (${identifies}))`,
      )
      .bind(site, idsJson, batchId),
  ];
};

/**
 * Events stored under `customer:<id>` (newsletter, server API, webhooks) make sure the customer exists
 * and that this pseudo-visitor is one of its identities.
 */
const customerKeyedEvents: Projection = ({ db, site, batchId, idsJson, rows }) => {
  if (!rows.some((r) => r.visitor_id.startsWith(CUSTOMER_VISITOR_PREFIX))) return [];
  const keyed = `SELECT site, substr(visitor_id, ${CUSTOMER_VISITOR_PREFIX.length + 1}) AS customer_id, visitor_id,
                 min(ts) AS first, max(ts) AS last
                 FROM ${NEW_EVENTS} WHERE visitor_id LIKE '${CUSTOMER_VISITOR_PREFIX}%' GROUP BY visitor_id`;
  return [
    db
      .prepare(
        `INSERT INTO customers (site, customer_id, traits, first_seen, last_seen)
         SELECT site, customer_id, '{}', first, last FROM (${keyed}) WHERE true
         ON CONFLICT (site, customer_id) DO UPDATE SET
           first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
      )
      .bind(site, idsJson, batchId),
    db
      .prepare(
        `INSERT OR IGNORE INTO identities (site, customer_id, visitor_id, first_seen)
         SELECT site, customer_id, visitor_id, first FROM (${keyed})`,
      )
      .bind(site, idsJson, batchId),
    db
      .prepare(`UPDATE visitors SET customer_id = substr(visitor_id, ${CUSTOMER_VISITOR_PREFIX.length + 1})
                WHERE site = ?1 AND visitor_id IN (SELECT visitor_id FROM (${keyed}))`)
      .bind(site, idsJson, batchId),
  ];
};
