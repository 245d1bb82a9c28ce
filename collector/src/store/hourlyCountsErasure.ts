import { PAGE_HOUR_MS } from './projections/pageHours';
import { SCORED_ANSWER } from './projections/surveyHours';
import { vitalBucketSql } from './projections/vitalHours';

/**
 * Statements that take a person's survey answers and web vitals out of the hourly counts the overview
 * reads (survey_hours, vital_hours), to run in the erasure's transaction before their events go: the
 * overview then counts what it counted before the projections, and every vital_hours count keeps the
 * samples its p75 lookup finds. `visitorsSql` selects the person's visitor ids (?1 is the site).
 */
export function hourlyCountsErasure(db: D1Database, visitorsSql: string, binds: unknown[]): D1PreparedStatement[] {
  const theirs = `FROM events WHERE site = ?1 AND visitor_id IN (${visitorsSql})`;
  const statements = [
    `UPDATE survey_hours SET answers = survey_hours.answers - gone.answers
     FROM (SELECT ts - ts % ${PAGE_HOUR_MS} AS hour, props->>'questionType' AS kind, props->>'value' AS value, count(*) AS answers
           ${theirs} AND ${SCORED_ANSWER} GROUP BY 1, 2, 3) AS gone
     WHERE survey_hours.site = ?1 AND survey_hours.hour = gone.hour AND survey_hours.kind = gone.kind AND survey_hours.value = gone.value`,
    `UPDATE vital_hours SET samples = vital_hours.samples - gone.samples, good = vital_hours.good - gone.good,
       needs_improvement = vital_hours.needs_improvement - gone.needs_improvement, poor = vital_hours.poor - gone.poor
     FROM (SELECT ts - ts % ${PAGE_HOUR_MS} AS hour, name, ${vitalBucketSql("props->>'value'", 'name')} AS bucket, count(*) AS samples,
                  sum(props->>'rating' = 'good') AS good, sum(props->>'rating' = 'needs-improvement') AS needs_improvement,
                  sum(props->>'rating' = 'poor') AS poor
           ${theirs} AND type = 'vital' GROUP BY 1, 2, 3) AS gone
     WHERE vital_hours.site = ?1 AND vital_hours.hour = gone.hour AND vital_hours.name = gone.name AND vital_hours.bucket = gone.bucket`,
  ];
  return statements.map((sql) => {
    const used = Math.max(...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
    return db.prepare(sql).bind(...binds.slice(0, used));
  });
}
