import type { Funnel } from '../store/goals';
import { matcherSql } from './goalMatcher';
import { EVENTS_WITH_PERSON, PERSON } from './personSql';
import { SqlParams } from './sqlParams';

/** One person who entered a funnel: when they reached each step (null from the first step missed on). */
export interface FunnelPerson {
  person: string;
  /** The visitor and session of the entering (first step) event: what a split by segment or channel reads. */
  visitorId: string;
  sessionId: string;
  /** times[k]: when step k was reached, ms; null when it was not (within the window, in order). */
  times: (number | null)[];
}

/**
 * Who entered the funnel in [from, to) and how far each got, computed in D1: a person enters at their
 * first step-1 event in the range; step k is their first step-k event at or after step k−1 and no later
 * than the window after entering. One row per entering person, never one per event.
 */
export async function funnelPeople(db: D1Database, site: string, funnel: Funnel, from: number, to: number): Promise<FunnelPerson[]> {
  const p = new SqlParams(site, from, to, funnel.windowMs);
  const n = funnel.steps.length;
  // m1..mn: each step's matching events (person, ts), within the range plus the window for later steps.
  const matches = funnel.steps.map(
    (s, k) =>
      `m${k + 1} AS (SELECT ${PERSON} AS person, e.visitor_id, e.session_id, e.ts FROM ${EVENTS_WITH_PERSON}
        WHERE e.site = ?1 AND e.ts >= ?2 AND e.ts < ${k === 0 ? '?3' : '?3 + ?4'} AND ${matcherSql(s.matcher, p)})`,
  );
  // f1: entry (SQLite takes the bare columns of a min() aggregate from the row holding the minimum).
  const reached = [`f1 AS (SELECT person, visitor_id, session_id, min(ts) AS t1 FROM m1 GROUP BY person)`];
  for (let k = 2; k <= n; k++) {
    const prev = Array.from({ length: k - 1 }, (_, i) => `f.t${i + 1}`).join(', ');
    reached.push(
      `f${k} AS (SELECT f.person, f.visitor_id, f.session_id, ${prev}, min(m.ts) AS t${k}
        FROM f${k - 1} f LEFT JOIN m${k} m ON m.person = f.person AND m.ts >= f.t${k - 1} AND m.ts <= f.t1 + ?4
        GROUP BY f.person)`,
    );
  }
  const times = Array.from({ length: n }, (_, i) => `t${i + 1}`).join(', ');
  const { results } = await db
    .prepare(`WITH ${[...matches, ...reached].join(',\n')} SELECT person, visitor_id, session_id, ${times} FROM f${n}`)
    .bind(...p.values)
    .all<Record<string, unknown>>();
  return results.map((r) => ({
    person: r.person as string,
    visitorId: r.visitor_id as string,
    sessionId: r.session_id as string,
    times: Array.from({ length: n }, (_, i) => (r[`t${i + 1}`] as number | null) ?? null),
  }));
}
