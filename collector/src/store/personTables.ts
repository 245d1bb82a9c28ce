/**
 * Every table that holds rows about a person, and the columns that name the person. Erasure and
 * retention delete through this list; `collector/test/personTables.test.ts` reads the live schema and
 * fails for a table with a person column that they leave behind.
 *
 * Naming rule for a new table (ARCHITECTURE.md, "Personal data: one naming rule"): it has a `site`
 * column, and a column naming a person is called
 *   - `visitor_id` (or `…_visitor_id`): a visitor id, a `customer:<id>` pseudo-visitor or a person key;
 *   - `customer_id` (or `…_customer_id`), or `recipient`: a customer id;
 *   - `event_id`: the row is derived from one event and goes with it.
 * Order matters: rows found through events go before the events, and the person records themselves
 * (`visitors`, `customers`) go last, because retention finds the people through them. A new table goes
 * before those two.
 */
export interface PersonTable {
  table: string;
  visitor?: string[];
  customer?: string[];
  event?: string;
}

export const PERSON_TABLES: readonly PersonTable[] = [
  { table: 'vital_samples', event: 'event_id' },
  { table: 'refunds', visitor: ['visitor_id'], event: 'event_id' },
  { table: 'orders', visitor: ['visitor_id'], event: 'event_id' },
  { table: 'events', visitor: ['visitor_id'] },
  { table: 'score_state', visitor: ['visitor_id'] },
  { table: 'score_recent', visitor: ['visitor_id'] },
  { table: 'segment_membership', visitor: ['visitor_id'] },
  { table: 'sessions', visitor: ['visitor_id'] },
  { table: 'cluster_membership', visitor: ['visitor_id'] },
  { table: 'identities', visitor: ['visitor_id'], customer: ['customer_id'] },
  { table: 'newsletter_recipients', customer: ['recipient'] },
  { table: 'newsletter_funnel', customer: ['recipient'] },
  { table: 'alert_deliveries', visitor: ['visitor_id'], customer: ['customer_id'] },
  { table: 'alert_inbox', visitor: ['visitor_id'] },
  { table: 'alert_touched', visitor: ['visitor_id'] },
  { table: 'alert_segment_members', visitor: ['visitor_id'] },
  { table: 'alert_open_tickets', visitor: ['visitor_id'] },
  { table: 'people', visitor: ['visitor_id'] },
  { table: 'visitors', visitor: ['visitor_id'], customer: ['customer_id'] },
  { table: 'customers', customer: ['customer_id'] },
];

/** The naming rule as patterns (the schema test finds person tables with them). */
export const VISITOR_COLUMN = /^(.+_)?visitor_id$/;
export const CUSTOMER_COLUMN = /^((.+_)?customer_id|recipient)$/;
export const EVENT_COLUMN = /^event_id$/;

/**
 * One DELETE per person table, in order: rows whose visitor columns are in `visitorsSql`, whose
 * customer columns are in `customersSql`, or derived from those visitors' events. Both are SQL
 * subqueries returning one column; ?1 is the site.
 */
export function personDeletes(db: D1Database, visitorsSql: string, customersSql: string, binds: unknown[]): [string, D1PreparedStatement][] {
  return PERSON_TABLES.map(({ table, visitor = [], customer = [], event }) => {
    const terms = [
      ...visitor.map((c) => `${c} IN (${visitorsSql})`),
      ...customer.map((c) => `${c} IN (${customersSql})`),
      ...(event ? [`${event} IN (SELECT id FROM events INDEXED BY events_visitor_time WHERE site = ?1 AND visitor_id IN (${visitorsSql}))`] : []),
    ];
    const sql = `DELETE FROM ${table} WHERE site = ?1 AND (${terms.join(' OR ')})`;
    // D1 wants exactly as many values as the statement's highest ?N.
    const used = Math.max(...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
    return [table, db.prepare(sql).bind(...binds.slice(0, used))];
  });
}
