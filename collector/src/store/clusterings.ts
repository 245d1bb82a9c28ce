import type { Clustering, Person } from '../segments/clusterCustomers';
import { readScoreStates } from './scoreState';

/** People to cluster: the most recently seen visitors (at most `cap`), grouped by customer when identified. */
export async function readPeople(db: D1Database, site: string, cap: number): Promise<Person[]> {
  const { results } = await db
    .prepare(
      `SELECT visitor_id, customer_id, last_seen, events FROM visitors WHERE site = ?1
       ORDER BY last_seen DESC, visitor_id DESC LIMIT ?2`,
    )
    .bind(site, cap)
    .all<{ visitor_id: string; customer_id: string | null; last_seen: number; events: number }>();
  const people = new Map<string, Person>();
  const CHUNK = 500;
  for (let i = 0; i < results.length; i += CHUNK) {
    const chunk = results.slice(i, i + CHUNK);
    const states = await readScoreStates(db, site, chunk.map((r) => r.visitor_id));
    for (const r of chunk) {
      const id = r.customer_id ? `customer:${r.customer_id}` : r.visitor_id;
      const p = people.get(id) ?? { id, lastSeen: 0, events: 0, state: [] };
      p.lastSeen = Math.max(p.lastSeen, r.last_seen);
      p.events += r.events;
      p.state.push(...(states.get(r.visitor_id) ?? []));
      people.set(id, p);
    }
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
