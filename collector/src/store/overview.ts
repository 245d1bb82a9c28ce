import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import { vitalSchema } from '../schema/event';
import type { ScoreConfig } from '../score/scoreConfig';
import { PAGE_HOUR_MS } from './projections/pageHours';
import { baselineOf, scoreConfigJson, subjectScoresCte } from './scoreSql';
import { subjectSql } from './subject';

/**
 * Reads behind GET /v1/sites/:site/overview. Each is one SQL statement that stays on an index
 * (visitors by site; pageviews, vitals and survey answers through partial indexes), so the overview
 * does not scan a site's events. "In the range" for people means their first–last seen span overlaps it.
 */

const inRange = 'site = ?1 AND last_seen >= ?2 AND first_seen <= ?3';

/** Browser visitors seen in the range (server-side `customer:` ids excluded) and identified customers. */
export async function countPeople(db: D1Database, site: string, from: number, to: number) {
  const row = await db
    .prepare(
      `SELECT sum(visitor_id NOT LIKE '${CUSTOMER_VISITOR_PREFIX}%') AS visitors, count(DISTINCT customer_id) AS customers
       FROM visitors WHERE ${inRange}`,
    )
    .bind(site, from, to)
    .first<{ visitors: number | null; customers: number }>();
  return { visitors: row?.visitors ?? 0, customers: row?.customers ?? 0 };
}

export interface ScoreSummary {
  people: number;
  average: number | null;
  baseline: number;
  bands: { happy: number; neutral: number; atRisk: number };
  /** Ten buckets of 10 points: [0,10), [10,20) … [90,100]. */
  histogram: { from: number; to: number; people: number }[];
}

/**
 * Happy Index of every person seen in the range (a customer over all their devices, or an anonymous
 * visitor) at time `at`, summarised: average, bands, histogram. People with no signal score the baseline.
 */
export async function scoreSummary(db: D1Database, site: string, config: ScoreConfig, from: number, to: number, at: number): Promise<ScoreSummary> {
  const person = subjectSql('v');
  const baseline = Math.round(baselineOf(config) * 10) / 10;
  const { results } = await db
    .prepare(
      `WITH people AS (SELECT ${person} AS person FROM visitors v WHERE ${inRange} GROUP BY 1),
       ${subjectScoresCte(config, person, `${person} IN (SELECT person FROM people)`, '?4', '?5')},
       scored AS (SELECT coalesce(ss.score, ?6) AS score FROM people p LEFT JOIN subject_scores ss ON ss.subject = p.person)
       SELECT min(cast(score / 10 AS INTEGER), 9) AS bucket, count(*) AS people, sum(score) AS total,
              sum(score >= ?7) AS happy, sum(score < ?8) AS atRisk
       FROM scored GROUP BY bucket`,
    )
    .bind(site, from, to, scoreConfigJson(config), at, baseline, config.bands.happy, config.bands.atRisk)
    .all<{ bucket: number; people: number; total: number; happy: number; atRisk: number }>();
  const histogram = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, people: 0 }));
  let people = 0;
  let total = 0;
  let happy = 0;
  let atRisk = 0;
  for (const r of results) {
    histogram[r.bucket].people = r.people;
    people += r.people;
    total += r.total;
    happy += r.happy;
    atRisk += r.atRisk;
  }
  return {
    people,
    average: people ? Math.round((total / people) * 10) / 10 : null,
    baseline,
    bands: { happy, neutral: people - happy - atRisk, atRisk },
    histogram,
  };
}

/**
 * The most viewed paths in the range [from, to]: the whole hours inside it from page_hours (kept at
 * ingest), the partial hours at its ends from the events' partial index events_pageviews. A month
 * reads ~720 rows per path instead of every page view.
 */
export async function topPages(db: D1Database, site: string, from: number, to: number, limit = 10) {
  const firstHour = Math.ceil(from / PAGE_HOUR_MS) * PAGE_HOUR_MS;
  const endHour = Math.floor((to + 1) / PAGE_HOUR_MS) * PAGE_HOUR_MS; // hours before it end by `to`
  const hours = firstHour < endHour;
  const views = (lo: string, hi: string) =>
    `SELECT coalesce(path, '') AS path, count(*) AS views FROM events
     WHERE site = ?1 AND type = 'pageview' AND ts >= ${lo} AND ts < ${hi} GROUP BY 1`;
  const { results } = await db
    .prepare(
      `WITH counted AS (
         ${hours ? `SELECT path, views FROM page_hours WHERE site = ?1 AND hour >= ?5 AND hour < ?6 UNION ALL` : ''}
         ${hours ? `${views('?2', '?5')} UNION ALL ${views('?6', '?3 + 1')}` : views('?2', '?3 + 1')})
       SELECT nullif(path, '') AS path, sum(views) AS views FROM counted GROUP BY path ORDER BY views DESC, path LIMIT ?4`,
    )
    .bind(site, from, to, limit, ...(hours ? [firstHour, endHour] : []))
    .all<{ path: string | null; views: number }>();
  return results;
}

/** The metrics the event schema accepts (one list for ingest and this read). */
const VITALS = vitalSchema.shape.name.options;

/**
 * p75 (nearest rank) and ratings per web-vital metric in the range, from vital_samples, whose key keeps
 * each metric's values in order: one narrow pass counts, then p75 is an OFFSET into that order.
 */
export async function vitalsSummary(db: D1Database, site: string, from: number, to: number) {
  const { results: counts } = await db
    .prepare(
      `SELECT name, count(*) AS samples, sum(rating = 'good') AS good, sum(rating = 'needs-improvement') AS needsImprovement,
              sum(rating = 'poor') AS poor
       FROM vital_samples WHERE site = ?1 AND name IN (${VITALS.map((n) => `'${n}'`).join(', ')}) AND ts >= ?2 AND ts <= ?3
       GROUP BY name ORDER BY name`,
    )
    .bind(site, from, to)
    .all<{ name: string; samples: number; good: number; needsImprovement: number; poor: number }>();
  if (!counts.length) return [];
  // One statement, one scalar subquery per metric (SQLite takes no column in OFFSET, so ranks are bound).
  const p75s = await db
    .prepare(
      `SELECT ${counts
        .map(
          (_, i) =>
            `(SELECT value FROM vital_samples WHERE site = ?1 AND name = ?${4 + 2 * i} AND ts >= ?2 AND ts <= ?3
              ORDER BY value LIMIT 1 OFFSET ?${5 + 2 * i}) AS p${i}`,
        )
        .join(', ')}`,
    )
    .bind(site, from, to, ...counts.flatMap((c) => [c.name, Math.ceil((3 * c.samples) / 4) - 1]))
    .first<Record<string, number>>();
  return counts.map((c, i) => ({ name: c.name, samples: c.samples, p75: p75s![`p${i}`], good: c.good, needsImprovement: c.needsImprovement, poor: c.poor }));
}

/** NPS and CSAT over every survey answer of those types in the range (partial index events_survey). */
export async function surveySummary(db: D1Database, site: string, from: number, to: number) {
  // Survey ids as literal parameters: with `IN (subquery)` SQLite does not use the expression index.
  // D1 allows 100 parameters per statement, so the 90 newest surveys count.
  const { results: surveys } = await db
    .prepare('SELECT id FROM surveys WHERE site = ?1 ORDER BY created_at DESC LIMIT 90')
    .bind(site)
    .all<{ id: string }>();
  const ids = surveys.map((r) => r.id);
  const results = ids.length
    ? (
        await db
          .prepare(
            `SELECT props->>'questionType' AS kind, props->>'value' AS value, count(*) AS n FROM events
             WHERE site = ?1 AND json_extract(props, '$.surveyId') IN (${ids.map((_, i) => `?${i + 4}`).join(', ')})
               -- the partial index's own condition, word for word, so SQLite may use it
               AND type IN ('survey_shown', 'survey_answered', 'survey_dismissed') AND type = 'survey_answered'
               AND ts >= ?2 AND ts <= ?3 AND props->>'questionType' IN ('nps', 'csat')
             GROUP BY kind, value`,
          )
          .bind(site, from, to, ...ids)
          .all<{ kind: 'nps' | 'csat'; value: unknown; n: number }>()
      ).results
    : [];
  const count = (kind: string, test: (v: number) => boolean) =>
    results.filter((r) => r.kind === kind && typeof r.value === 'number' && test(r.value)).reduce((a, r) => a + r.n, 0);
  const responses = count('nps', () => true);
  const promoters = count('nps', (v) => v >= 9);
  const detractors = count('nps', (v) => v <= 6);
  const csatResponses = count('csat', () => true);
  const satisfied = count('csat', (v) => v >= 4);
  return {
    nps: {
      score: responses ? Math.round(((promoters - detractors) / responses) * 100) : null,
      responses,
      promoters,
      passives: responses - promoters - detractors,
      detractors,
    },
    csat: { percent: csatResponses ? Math.round((satisfied / csatResponses) * 1000) / 10 : null, responses: csatResponses, satisfied },
  };
}
