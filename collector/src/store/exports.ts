import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';

/** Which events an export reads. */
export interface ExportFilter {
  from: number;
  to: number;
  /** Event types, or null for all. */
  types: string[] | null;
  /** Only these visitor ids (a campaign's visitors), or null for all. */
  visitorIds: string[] | null;
}

export interface ExportEventRow {
  id: string;
  ts: number;
  visitor_id: string;
  customer_id: string | null;
  session_id: string;
  type: string;
  name: string | null;
  url: string | null;
  props: string | null;
}

export type ExportKey = [ts: number, id: string];

// Events under `customer:<id>` name their customer even without a visitors row (a newsletter received
// and nothing more: not activity, so not a visitor; see projections/visitorSummary.ts).
const CUSTOMER_OF_KEYED = `CASE WHEN e.visitor_id LIKE '${CUSTOMER_VISITOR_PREFIX}%' THEN substr(e.visitor_id, ${CUSTOMER_VISITOR_PREFIX.length + 1}) END`;

const WHERE = `e.site = ?1 AND e.ts >= ?2 AND e.ts < ?3
  AND (?4 IS NULL OR e.type IN (SELECT value FROM json_each(?4)))
  AND (?5 IS NULL OR e.visitor_id IN (SELECT value FROM json_each(?5)))`;

const filterBinds = (site: string, f: ExportFilter) => [
  site,
  f.from,
  f.to,
  f.types ? JSON.stringify(f.types) : null,
  f.visitorIds ? JSON.stringify(f.visitorIds) : null,
];

/** One keyset page of a site's events in time order (events_site_time index), with the visitor's customer. */
export async function readExportPage(
  db: D1Database,
  site: string,
  f: ExportFilter,
  after: ExportKey | null,
  limit: number,
): Promise<ExportEventRow[]> {
  const { results } = await db
    .prepare(
      `SELECT e.id, e.ts, e.visitor_id, coalesce(v.customer_id, ${CUSTOMER_OF_KEYED}) AS customer_id, e.session_id, e.type, e.name, e.url, e.props
       FROM events e LEFT JOIN visitors v ON v.site = e.site AND v.visitor_id = e.visitor_id
       WHERE ${WHERE} AND (e.ts, e.id) > (?6, ?7)
       ORDER BY e.ts, e.id LIMIT ?8`,
    )
    .bind(...filterBinds(site, f), after ? after[0] : -1, after ? after[1] : '', limit)
    .all<ExportEventRow>();
  return results;
}

/**
 * Every leaf path of the props of the events an export will read (json_tree fullkeys, `$.utm.source`),
 * sorted, at most `cap`: the CSV header is known before the first row streams out.
 */
export async function readPropPaths(db: D1Database, site: string, f: ExportFilter, cap: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT j.fullkey AS path FROM events e, json_tree(e.props) j
       WHERE ${WHERE} AND e.props IS NOT NULL AND j.type <> 'object' AND j.fullkey NOT LIKE '%[%'
       ORDER BY path LIMIT ?6`,
    )
    .bind(...filterBinds(site, f), cap)
    .all<{ path: string }>();
  return results.map((r) => r.path);
}

/** Visitor ids that came from a campaign (utm campaign on a page, or a newsletter's campaign); null past `cap`. */
export async function readCampaignVisitorIds(db: D1Database, site: string, campaign: string, cap: number): Promise<string[] | null> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT visitor_id FROM events WHERE site = ?1
         AND (props->'utm'->>'campaign' = ?2 OR (type IN ('newsletter_open', 'newsletter_click') AND props->>'campaign' = ?2)) LIMIT ?3`,
    )
    .bind(site, campaign, cap + 1)
    .all<{ visitor_id: string }>();
  return results.length > cap ? null : results.map((r) => r.visitor_id);
}

/** Visitor summaries by id (the visitors of one export page, for segment tests). */
export async function readVisitorsByIds(db: D1Database, site: string, visitorIds: string[]) {
  const { results } = await db
    .prepare(
      `SELECT visitor_id, customer_id, first_seen, last_seen, events FROM visitors
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))`,
    )
    .bind(site, JSON.stringify(visitorIds))
    .all<{ visitor_id: string; customer_id: string | null; first_seen: number; last_seen: number; events: number }>();
  return results.map((r) => ({
    visitorId: r.visitor_id,
    customerId: r.customer_id,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    events: r.events,
  }));
}
