import type { Clustering, Person } from '../segments/clusterCustomers';
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
        lastSeen: Math.max(...members.map((v) => v.lastSeen)),
        events: members.reduce((n, v) => n + v.events, 0),
        state: members.flatMap((v) => states.get(v.visitorId) ?? []),
      });
    }
    if (page.length < PAGE) break;
  }
  return [...people.values()];
}

export async function saveClustering(db: D1Database, site: string, clustering: Clustering): Promise<void> {
  await db
    .prepare(
      `INSERT INTO clusterings (site, result, computed_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (site) DO UPDATE SET result = excluded.result, computed_at = excluded.computed_at`,
    )
    .bind(site, JSON.stringify(clustering), clustering.computedAt)
    .run();
}

export async function getClustering(db: D1Database, site: string): Promise<Clustering | null> {
  const row = await db.prepare('SELECT result FROM clusterings WHERE site = ?').bind(site).first<{ result: string }>();
  return row ? (JSON.parse(row.result) as Clustering) : null;
}

export async function listSiteIds(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare('SELECT id FROM sites ORDER BY id').all<{ id: string }>();
  return results.map((r) => r.id);
}
