import type { Person } from '../segments/clusterFeatures';
import type { Clustering } from '../segments/clusterPeople';
import { readScoreStates } from './scoreState';
import { resolveSubjects, subjectKey } from './subject';
import { listVisitors } from './visitors';

/**
 * People to cluster: the persons (store/subject.ts) behind the most recently seen visitors (at most
 * `cap` visitor rows), each with every member's last seen, events and score state, as their card has it.
 */
export async function readPeople(db: D1Database, site: string, cap: number): Promise<Person[]> {
  const people = new Map<string, Person>();
  const PAGE = 500;
  let cursor: [number, string] | null = null;
  for (let read = 0; read < cap; ) {
    const page = await listVisitors(db, site, Math.min(PAGE, cap - read), cursor);
    if (!page.length) break;
    read += page.length;
    cursor = [page.at(-1)!.lastSeen, page.at(-1)!.visitorId];
    const subjects = await resolveSubjects(db, site, page.filter((v) => !people.has(subjectKey(v))));
    const fresh = [...subjects.members].filter(([id]) => !people.has(id));
    const states = await readScoreStates(db, site, fresh.flatMap(([, members]) => members.map((v) => v.visitorId)));
    for (const [id, members] of fresh) {
      people.set(id, {
        id,
        memberIds: members.map((v) => v.visitorId),
        lastSeen: Math.max(...members.map((v) => v.lastSeen)),
        events: members.reduce((n, v) => n + v.events, 0),
        state: members.flatMap((v) => states.get(v.visitorId) ?? []),
      });
    }
    if (page.length < PAGE) break;
  }
  return [...people.values()];
}

/** Membership rows written per statement (one JSON parameter each). */
const MEMBERSHIP_CHUNK = 500;

/**
 * Replaces the site's clustering and every membership in one transaction, so a reader never sees
 * memberships of one clustering with the groups of another.
 */
export async function saveClustering(db: D1Database, site: string, clustering: Clustering, membership: Map<string, string>): Promise<void> {
  const rows = [...membership];
  const inserts = [];
  for (let i = 0; i < rows.length; i += MEMBERSHIP_CHUNK) {
    inserts.push(
      db
        .prepare(
          `INSERT INTO cluster_membership (site, visitor_id, cluster_id, computed_at)
           SELECT ?1, j.value->>0, j.value->>1, ?3 FROM json_each(?2) j`,
        )
        .bind(site, JSON.stringify(rows.slice(i, i + MEMBERSHIP_CHUNK)), clustering.computedAt),
    );
  }
  await db.batch([
    db.prepare('DELETE FROM cluster_membership WHERE site = ?').bind(site),
    ...inserts,
    db
      .prepare(
        `INSERT INTO clusterings (site, result, computed_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (site) DO UPDATE SET result = excluded.result, computed_at = excluded.computed_at`,
      )
      .bind(site, JSON.stringify(clustering), clustering.computedAt),
  ]);
}

/** The cluster id of each person key (store/subject.ts) that is in the latest clustering. */
export async function clustersOf(db: D1Database, site: string, personKeys: string[]): Promise<Map<string, string>> {
  if (!personKeys.length) return new Map();
  const { results } = await db
    .prepare('SELECT visitor_id, cluster_id FROM cluster_membership WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))')
    .bind(site, JSON.stringify([...new Set(personKeys)]))
    .all<{ visitor_id: string; cluster_id: string }>();
  return new Map(results.map((r) => [r.visitor_id, r.cluster_id]));
}

export async function getClustering(db: D1Database, site: string): Promise<Clustering | null> {
  return clusteringFrom(await clusteringStatement(db, site).all());
}

/** getClustering as a statement, to send in one db.batch. */
export const clusteringStatement = (db: D1Database, site: string) => db.prepare('SELECT result FROM clusterings WHERE site = ?').bind(site);

/** The clustering of clusteringStatement's result. */
export function clusteringFrom(result: D1Result): Clustering | null {
  const row = (result.results as { result: string }[])[0];
  if (!row) return null;
  const clustering = JSON.parse(row.result) as Clustering;
  // A clustering stored before groups had ids and scales reads as none until the next recompute.
  return Array.isArray(clustering.scale) ? clustering : null;
}

export async function listSiteIds(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare('SELECT id FROM sites ORDER BY id').all<{ id: string }>();
  return results.map((r) => r.id);
}
