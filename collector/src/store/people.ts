import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import type { ScoreConfig } from '../score/scoreConfig';
import { baselineOf, scoreConfigJson, subjectScoresCte } from './scoreSql';
import { subjectSql } from './subject';

/**
 * The `people` rows (migration 0028): each person's span and Happy Index as of `scored_at`, so reads
 * over everyone (the overview's summary, visitors by score) read one row per person instead of
 * scoring the whole site. Triggers on `visitors` mark a person changed (scored_at NULL) whenever a
 * batch, an identify, an erasure or retention touches one of its devices; reads score the changed
 * ones first (`scoreChangedPeople`), so a person's stored score reflects all of their events. Between
 * events a score only decays, and the per-minute cron re-scores the oldest (`rescorePeople`).
 */

/** People scored per statement: one chunk's members, states and upsert stay well inside a D1 call. */
const CHUNK = 2_000;
/** Re-scored by the cron when older than this: each signal's half-life is days, so an hour moves a score by hundredths. */
export const SCORE_MAX_AGE_MS = 3_600_000;
/** People the cron re-scores per site and minute at most (a 100,000-person site in under an hour). */
const CRON_PEOPLE = 10_000;

/**
 * Scores the people marked changed (and, with `olderThan`, those scored before it), oldest first, at
 * most `limit`; deletes the rows of persons left with no device. Returns how many it looked at.
 */
export async function scorePeople(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  at: number,
  { olderThan = 0, limit = Infinity }: { olderThan?: number; limit?: number } = {},
): Promise<number> {
  let done = 0;
  // The changed rows (NULL sorts first in people_age), then the old ones: each an index range.
  for (const due of ['scored_at IS NULL', ...(olderThan ? ['scored_at < ?2'] : [])]) {
    while (done < limit) {
      const { results } = await db
        .prepare(`SELECT visitor_id FROM people INDEXED BY people_age WHERE site = ?1 AND ${due} ORDER BY scored_at LIMIT ?3`)
        .bind(site, olderThan, Math.min(CHUNK, limit - done))
        .all<{ visitor_id: string }>();
      if (!results.length) break;
      const keys = JSON.stringify(results.map((r) => r.visitor_id));
      await db.batch([scoreStatement(db, site, config, keys, at), orphanDelete(db, site, keys, at)]);
      done += results.length;
      if (results.length < CHUNK) break;
    }
  }
  return done;
}

/** Before a read over everyone: every person whose devices or state changed since their score. */
export const scoreChangedPeople = (db: D1Database, site: string, config: ScoreConfig, at: number) => scorePeople(db, site, config, at);

/** The cron's part for a site: changed people, then scores older than SCORE_MAX_AGE_MS, a bounded amount. */
export const rescorePeople = (db: D1Database, site: string, config: ScoreConfig, at: number) =>
  scorePeople(db, site, config, at, { olderThan: at - SCORE_MAX_AGE_MS, limit: CRON_PEOPLE });

/** Marks every person of a site to be scored again (the score model or the whole state changed). */
export const markAllPeopleChanged = (db: D1Database, site: string) =>
  db.prepare('UPDATE people SET scored_at = NULL WHERE site = ?1 AND scored_at IS NOT NULL').bind(site);

/** Marks the persons of some visitor ids to be scored again (their state was rebuilt). */
export const markPeopleChanged = (db: D1Database, site: string, visitorIdsJson: string) =>
  db
    .prepare(
      `UPDATE people SET scored_at = NULL WHERE site = ?1 AND visitor_id IN (
         SELECT ${subjectSql('v')} FROM json_each(?2) j CROSS JOIN visitors v ON v.site = ?1 AND v.visitor_id = j.value)`,
    )
    .bind(site, visitorIdsJson);

const prefixLength = CUSTOMER_VISITOR_PREFIX.length;

/**
 * CTEs `member_keys` (what `keysSql` selects: a `person` key column, and any other) and
 * `members(person, visitor_id, customer_id, first_seen, last_seen, events)` of those persons: a
 * customer's devices (index visitors_customer), or the anonymous visitor itself while it has no customer.
 */
export const membersCte = (keysSql: string) => `member_keys AS MATERIALIZED (${keysSql}),
    members AS MATERIALIZED (
      SELECT k.person, v.visitor_id, v.customer_id, v.first_seen, v.last_seen, v.events FROM member_keys k
      CROSS JOIN visitors v ON v.site = ?1 AND v.visitor_id = k.person WHERE v.customer_id IS NULL
      UNION ALL
      SELECT k.person, v.visitor_id, v.customer_id, v.first_seen, v.last_seen, v.events FROM member_keys k
      CROSS JOIN visitors v INDEXED BY visitors_customer ON v.site = ?1 AND v.customer_id = substr(k.person, ${prefixLength + 1})
      WHERE k.person LIKE '${CUSTOMER_VISITOR_PREFIX}%')`;

/** Span and score of the persons in ?2 (JSON keys) at ?4, as the customer card computes them. */
function scoreStatement(db: D1Database, site: string, config: ScoreConfig, keysJson: string, at: number) {
  const baseline = Math.round(baselineOf(config) * 10) / 10;
  return db
    .prepare(
      `WITH ${membersCte('SELECT value AS person FROM json_each(?2)')},
       ${subjectScoresCte(config, subjectSql('v'), 's.visitor_id IN (SELECT visitor_id FROM members)', '?3', '?4')},
       -- Computed once for the chunk (a subquery per person would run the whole CTE again for each).
       scored AS MATERIALIZED (SELECT subject, score FROM subject_scores),
       spans AS (SELECT person, min(first_seen) AS first_seen, max(last_seen) AS last_seen FROM members GROUP BY person)
       INSERT INTO people (site, visitor_id, first_seen, last_seen, score, scored_at)
       SELECT ?1, p.person, p.first_seen, p.last_seen, coalesce(ss.score, ?5), ?4
       FROM spans p LEFT JOIN scored ss ON ss.subject = p.person WHERE true
       ON CONFLICT (site, visitor_id) DO UPDATE SET
         first_seen = excluded.first_seen, last_seen = excluded.last_seen, score = excluded.score, scored_at = excluded.scored_at`,
    )
    .bind(site, keysJson, scoreConfigJson(config), at, baseline);
}

/** The rows of those keys still not scored at `at`: persons with no device left (merged into a customer, erased, purged). */
const orphanDelete = (db: D1Database, site: string, keysJson: string, at: number) =>
  db
    .prepare('DELETE FROM people WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND (scored_at IS NULL OR scored_at < ?3)')
    .bind(site, keysJson, at);
