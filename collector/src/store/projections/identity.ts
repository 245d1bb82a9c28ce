import { CUSTOMER_VISITOR_PREFIX } from '../../ingest/customerVisitorId';
import type { EventRow } from '../../ingest/toEventRows';
import { NEW_EVENTS, type Projection } from './types';

/**
 * identify events link a visitor to a customer: the customer row (traits merged with RFC 7396
 * json_patch, in event order), the visitor ↔ customer pair, and the visitor's current customer.
 * Trust rule for traits: a server identify writes any key and owns it from then on; a browser identify
 * only adds or changes keys no server owns (see ARCHITECTURE.md, "Who may say what about a customer").
 * Events from before the identify stay under the visitor id, and the customer journey reads every
 * visitor id the customer has, so they belong to the customer too.
 */
export const identity: Projection = (ctx) => [...identifyEvents(ctx), ...customerKeyedEvents(ctx)];

const identifyEvents: Projection = ({ db, site, batchId, idsJson, rows }) => {
  const identifyRows = rows.filter((r) => r.type === 'identify');
  if (!identifyRows.length) return [];
  const identifies = `SELECT * FROM ${NEW_EVENTS} WHERE type = 'identify' ORDER BY ts, seq`;
  const server = `visitor_id LIKE '${CUSTOMER_VISITOR_PREFIX}%'`;
  // Browser traits as they may be applied (see browserTraits), by event id: ?4 -> id.
  const browser = JSON.stringify(
    Object.fromEntries(identifyRows.filter((r) => !isServerRow(r)).map((r) => [r.id, browserTraits(r.props)])),
  );
  return [
    // From a browser: never a key a server set (server_keys), never emailHash, never a deletion.
    db
      .prepare(
        `INSERT INTO customers (site, customer_id, traits, first_seen, last_seen)
         SELECT site, props->>'customerId', coalesce(?4 -> id, '{}'), ts, ts FROM (${identifies}) WHERE NOT ${server}
         ON CONFLICT (site, customer_id) DO UPDATE SET
           traits = json_patch(traits, json_patch(excluded.traits,
             (SELECT json_group_object(key, NULL) FROM json_each(customers.server_keys)))),
           first_seen = min(first_seen, excluded.first_seen),
           last_seen = max(last_seen, excluded.last_seen)`,
      )
      .bind(site, idsJson, batchId, browser),
    // From the site's servers (server identify): RFC 7396 as sent (null deletes); its keys become server-owned.
    db
      .prepare(
        `INSERT INTO customers (site, customer_id, traits, server_keys, first_seen, last_seen)
         SELECT site, props->>'customerId', coalesce(props->'traits', '{}'),
                (SELECT json_group_object(key, 1) FROM json_each(props->'traits')), ts, ts
         FROM (${identifies}) WHERE ${server}
         ON CONFLICT (site, customer_id) DO UPDATE SET
           traits = json_patch(traits, excluded.traits),
           server_keys = json_patch(server_keys, excluded.server_keys),
           first_seen = min(first_seen, excluded.first_seen),
           last_seen = max(last_seen, excluded.last_seen)`,
      )
      .bind(site, idsJson, batchId),
    // A first insert keeps a server patch's nulls as values; merging into {} drops them (RFC 7396).
    db
      .prepare(
        `UPDATE customers SET traits = json_patch('{}', traits)
         WHERE site = ?1 AND customer_id IN (SELECT props->>'customerId' FROM (${identifies}) WHERE ${server})`,
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

/** identify events under `customer:<id>` come from the server API (write key); the rest from pages. */
const isServerRow = (row: EventRow) => row.visitor_id.startsWith(CUSTOMER_VISITOR_PREFIX);

/**
 * A browser's traits without `emailHash` (it routes helpdesk tickets and email answers to a customer,
 * so only a server may set it) and without nulls at any depth (a page may add, never delete).
 */
export function browserTraits(props: unknown): Record<string, unknown> {
  const traits = (props as { traits?: Record<string, unknown> } | null)?.traits ?? {};
  const { emailHash: _ignored, ...rest } = traits;
  return withoutNulls(rest) as Record<string, unknown>;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

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
