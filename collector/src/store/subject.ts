import { CUSTOMER_VISITOR_PREFIX, customerVisitorId } from '../ingest/customerVisitorId';
import type { VisitorSummary } from './visitors';

/**
 * The person is the unit: the subject of a visitor id is its customer when it identified
 * (`visitors.customer_id`, the customer it identified as last), else the visitor itself. Scores,
 * segments, lists, exports, the overview, clusters and snapshots all resolve through this file.
 *
 * A subject is keyed by `customer:<id>` (the id the customer's server-side events are stored under)
 * or by the visitor id. Its members are the visitor ids whose subject it is: for a customer, every
 * visitor row whose customer_id is this one (devices, and the `customer:<id>` pseudo-visitor).
 */
export const subjectKey = (v: { visitorId: string; customerId: string | null }) =>
  v.customerId === null ? v.visitorId : customerVisitorId(v.customerId);

/** The same key in SQL, over a `visitors` row aliased `alias`. */
export const subjectSql = (alias: string) =>
  `CASE WHEN ${alias}.customer_id IS NULL THEN ${alias}.visitor_id ELSE '${CUSTOMER_VISITOR_PREFIX}' || ${alias}.customer_id END`;

/**
 * CTEs `page_people(visitor_id, customer_id)` and `subject_members(subject, visitor_id)` for the
 * visitors in `pageParam` (JSON `[[visitorId, customerId|null], …]`); ?1 is the site. A customer's
 * members are the visitors whose customer it is (index visitors_customer, migration 0018).
 */
export const subjectMembersCte = (pageParam: string) =>
  peopleMembersCte(`SELECT j.value->>0 AS visitor_id, j.value->>1 AS customer_id FROM json_each(${pageParam}) j`);

/** subjectMembersCte with `page_people` from any SELECT of (visitor_id, customer_id) rows. */
export const peopleMembersCte = (pagePeople: string) => `page_people AS (${pagePeople}),
    subject_members AS (
      SELECT visitor_id AS subject, visitor_id FROM page_people WHERE customer_id IS NULL
      UNION
      SELECT '${CUSTOMER_VISITOR_PREFIX}' || m.customer_id, m.visitor_id
      FROM (SELECT DISTINCT customer_id FROM page_people WHERE customer_id IS NOT NULL) p
      CROSS JOIN visitors m INDEXED BY visitors_customer ON m.site = ?1 AND m.customer_id = p.customer_id)`;

/** The JSON `subjectMembersCte` reads. */
export const pageJson = (page: readonly { visitorId: string; customerId: string | null }[]) =>
  JSON.stringify(page.map((v) => [v.visitorId, v.customerId]));

/** The people behind a page of visitor rows. */
export interface People {
  /** Subject key of each visitor id of the page. */
  subjectOf: Map<string, string>;
  /** Every member (visitor summary) of each subject of the page. */
  members: Map<string, VisitorSummary[]>;
  /** The customer id of each subject (null for an anonymous visitor). */
  customerOf: Map<string, string | null>;
}

export interface MemberRow {
  subject: string;
  visitor_id: string;
  customer_id: string | null;
  first_seen: number;
  last_seen: number;
  events: number;
}

/**
 * Where a fact statement finds its visitor ids: `ids`, a table of rows with a `value` column, bound as
 * ?2 (`param`), with the CTEs it needs in `with` (empty or a WITH clause). A list of ids (idList) or a
 * person read in the same statement (store/scoreCard.ts), so the card's facts need no earlier step.
 */
export interface IdSource {
  with: string;
  ids: string;
  param: string;
}

/** Ids given as a list (JSON in ?2). */
export const idList = (visitorIds: readonly string[]): IdSource => ({ with: '', ids: 'json_each(?2)', param: JSON.stringify(visitorIds) });

/** The member rows of the people in `page_people` (the CTEs of subjectMembersCte). */
export const MEMBERS_SELECT = `SELECT s.subject, v.visitor_id, v.customer_id, v.first_seen, v.last_seen, v.events
       FROM subject_members s CROSS JOIN visitors v ON v.site = ?1 AND v.visitor_id = s.visitor_id`;

async function readMembers(db: D1Database, site: string, page: readonly { visitorId: string; customerId: string | null }[]): Promise<MemberRow[]> {
  if (!page.length) return [];
  const { results } = await db
    .prepare(`WITH ${subjectMembersCte('?2')} ${MEMBERS_SELECT}`)
    .bind(site, pageJson(page))
    .all<MemberRow>();
  return results;
}

/**
 * Resolves a page's visitors to their subjects and reads every member of those subjects (one query, and
 * none for a page of anonymous visitors: each is its own only member, and the page row is that member).
 */
export async function resolveSubjects(db: D1Database, site: string, page: readonly VisitorSummary[]): Promise<People> {
  const identified = page.filter((v) => v.customerId !== null);
  return peopleFrom(page, identified.length ? await readMembers(db, site, identified) : []);
}

/** The people of a page from its member rows (subject_members joined with visitors, as readMembers reads them). */
export function peopleFrom(page: readonly VisitorSummary[], rows: readonly MemberRow[]): People {
  const subjectOf = new Map(page.map((v) => [v.visitorId, subjectKey(v)]));
  const customerOf = new Map(page.map((v) => [subjectKey(v), v.customerId]));
  const members = new Map<string, VisitorSummary[]>();
  for (const r of rows) {
    const list = members.get(r.subject) ?? [];
    list.push({ visitorId: r.visitor_id, customerId: r.customer_id, firstSeen: r.first_seen, lastSeen: r.last_seen, events: r.events });
    members.set(r.subject, list);
  }
  // An anonymous visitor, or a page row not (or no longer) stored, stands for itself.
  for (const v of page) if (!members.has(subjectOf.get(v.visitorId)!)) members.set(subjectOf.get(v.visitorId)!, [v]);
  return { subjectOf, members, customerOf };
}

/** Every member visitor id of the people, once. */
export const memberIds = (people: People) => [...new Set([...people.members.values()].flat().map((v) => v.visitorId))];

/** Visitor ids whose subject is this customer (its revenue, alerts; the card reads them in its batch, store/scoreCard.ts). */
export async function customerMemberIds(db: D1Database, site: string, customerId: string): Promise<string[]> {
  const rows = await readMembers(db, site, [{ visitorId: customerVisitorId(customerId), customerId }]);
  return rows.map((r) => r.visitor_id);
}
