import type { Goal } from '../store/goals';
import { matcherSql } from './goalMatcher';
import { EVENTS_WITH_PERSON, PERSON } from './personSql';
import { SqlParams } from './sqlParams';

export interface GoalConversions {
  /** Matching events in the range. */
  conversions: number;
  /** Distinct people (store/subject.ts) with at least one. */
  people: number;
}

/** Conversions and converting people of each goal over [from, to), one statement per goal in one batch. */
export async function goalConversions(db: D1Database, site: string, goals: Goal[], from: number, to: number): Promise<GoalConversions[]> {
  if (!goals.length) return [];
  const statements = goals.map((g) => {
    const p = new SqlParams(site, from, to);
    const where = matcherSql(g.matcher, p);
    return db
      .prepare(
        `SELECT count(*) AS conversions, count(DISTINCT ${PERSON}) AS people
         FROM ${EVENTS_WITH_PERSON} WHERE e.site = ?1 AND e.ts >= ?2 AND e.ts < ?3 AND ${where}`,
      )
      .bind(...p.values);
  });
  const results = await db.batch<GoalConversions>(statements);
  return results.map((r) => ({ conversions: r.results[0]?.conversions ?? 0, people: r.results[0]?.people ?? 0 }));
}
