import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import { vitalSchema } from '../schema/event';
import type { ScoreConfig } from '../score/scoreConfig';
import { PAGE_HOUR_MS } from './projections/pageHours';
import { SCORED_ANSWER } from './projections/surveyHours';
import { VITAL_BUCKET_WIDTH, VITAL_LAST_BUCKET, vitalBucketSql } from './projections/vitalHours';
import { baselineOf } from './scoreSql';

/**
 * Reads behind GET /v1/sites/:site/overview. Each stays on an index (visitors by site; pages, survey
 * answers and vitals through hourly counts kept at ingest plus the rows of the range's partial end
 * hours), so the overview does not scan a site's events. "In the range" for people means their first–last seen span overlaps it.
 */

const inRange = 'site = ?1 AND last_seen >= ?2 AND first_seen <= ?3';

/**
 * Browser visitors seen in the range (server-side `customer:` ids excluded) and identified customers
 * (people rows of customers, whose span is their devices'). Visitors are those last seen since `from`
 * (index visitors_recent alone) less those first seen after `to`, who are all last seen after it too:
 * a short range of the same index when the range ends recently, instead of every visitor's first_seen.
 */
export async function countPeople(db: D1Database, site: string, from: number, to: number) {
  const browser = `visitor_id NOT LIKE '${CUSTOMER_VISITOR_PREFIX}%'`;
  const row = await db
    .prepare(
      `SELECT (SELECT count(*) FROM visitors INDEXED BY visitors_recent WHERE site = ?1 AND last_seen >= ?2 AND ${browser})
            - (SELECT count(*) FROM visitors INDEXED BY visitors_recent WHERE site = ?1 AND last_seen > ?3 AND first_seen > ?3 AND ${browser}) AS visitors,
              (SELECT count(*) FROM people INDEXED BY people_seen WHERE ${inRange} AND visitor_id LIKE '${CUSTOMER_VISITOR_PREFIX}%') AS customers`,
    )
    .bind(site, from, to)
    .first<{ visitors: number; customers: number }>();
  return { visitors: row?.visitors ?? 0, customers: row?.customers ?? 0 };
}

export interface ScoreSummary {
  people: number;
  average: number | null;
  baseline: number;
  bands: { happy: number; neutral: number; atRisk: number };
  /** Ten buckets of 10 points: [0,10), [10,20) … [90,100]. */
  histogram: { from: number; to: number; people: number }[];
  /** Every score was computed at this time or later (ms; null: no one). Every score counts all events. */
  asOf: number | null;
}

/**
 * Happy Index of every person seen in the range (a customer over all their devices, or an anonymous
 * visitor), summarised: average, bands, histogram. Reads the people rows (store/people.ts): the caller
 * scores the changed ones first, so each score counts all of the person's events, decayed to when it
 * was computed (`asOf`, the site's oldest stored score, or later).
 */
export async function scoreSummary(db: D1Database, site: string, config: ScoreConfig, from: number, to: number): Promise<ScoreSummary> {
  const baseline = Math.round(baselineOf(config) * 10) / 10;
  // Per score value (tenths: at most 1,001), in the order of people_by_score: no sort, no expression per person.
  const [{ results }, { results: oldest }] = await db.batch<{ score: number; people: number } & { oldest: number | null }>([
    db
      .prepare(
        `SELECT score, count(*) AS people FROM people INDEXED BY people_by_score
         WHERE site = ?1 AND score IS NOT NULL AND last_seen >= ?2 AND first_seen <= ?3 GROUP BY score`,
      )
      .bind(site, from, to),
    db.prepare('SELECT min(scored_at) AS oldest FROM people WHERE site = ?1').bind(site),
  ]);
  const histogram = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, people: 0 }));
  let people = 0;
  let total = 0;
  let happy = 0;
  let atRisk = 0;
  for (const { score, people: n } of results) {
    histogram[Math.min(Math.floor(score / 10), 9)].people += n;
    people += n;
    total += score * n;
    if (score >= config.bands.happy) happy += n;
    if (score < config.bands.atRisk) atRisk += n;
  }
  return {
    people,
    average: people ? Math.round((total / people) * 10) / 10 : null,
    baseline,
    bands: { happy, neutral: people - happy - atRisk, atRisk },
    histogram,
    asOf: people ? oldest[0].oldest : null,
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
 * The whole hours inside [from, to] as [firstHour, endHour) for the hourly tables, and the SQL
 * conditions on `ts` for the partial hours at its ends (?2 = from, ?3 = to, ?4 / ?5 = the hours).
 */
function hourSpan(from: number, to: number) {
  const firstHour = Math.ceil(from / PAGE_HOUR_MS) * PAGE_HOUR_MS;
  const endHour = Math.floor((to + 1) / PAGE_HOUR_MS) * PAGE_HOUR_MS; // hours before it end by `to`
  return firstHour < endHour
    ? { hours: [firstHour, endHour], partial: ['ts >= ?2 AND ts < ?4', 'ts >= ?5 AND ts <= ?3'] }
    : { hours: [], partial: ['ts >= ?2 AND ts <= ?3'] };
}

/**
 * p75 (nearest rank) and ratings per web-vital metric in the range. Counts per value bucket come from
 * vital_hours (whole hours) and vital_samples by time (partial end hours); the bucket holding the
 * rank gives the offset inside it, and p75 is that exact sample among the bucket's vital_samples (whose
 * key keeps each metric's values in order), so the figure equals nearest rank over every sample.
 */
export async function vitalsSummary(db: D1Database, site: string, from: number, to: number) {
  const { hours, partial } = hourSpan(from, to);
  const bucket = vitalBucketSql('value', 'name');
  const parts = partial.map(
    (when) =>
      `SELECT name, ${bucket} AS bucket, 1 AS samples, rating = 'good' AS good, rating = 'needs-improvement' AS ni, rating = 'poor' AS poor
       FROM vital_samples INDEXED BY vital_samples_time WHERE site = ?1 AND ${when}`,
  );
  if (hours.length) parts.unshift('SELECT name, bucket, samples, good, needs_improvement AS ni, poor FROM vital_hours WHERE site = ?1 AND hour >= ?4 AND hour < ?5');
  const { results: buckets } = await db
    .prepare(
      `WITH counted AS (${parts.join(' UNION ALL ')})
       SELECT name, bucket, sum(samples) AS samples, sum(good) AS good, sum(ni) AS ni, sum(poor) AS poor FROM counted
       WHERE name IN (${VITALS.map((n) => `'${n}'`).join(', ')}) GROUP BY name, bucket ORDER BY name, bucket`,
    )
    .bind(site, from, to, ...hours)
    .all<{ name: string; bucket: number; samples: number; good: number; ni: number; poor: number }>();
  const metrics = new Map<string, { name: string; samples: number; good: number; needsImprovement: number; poor: number; buckets: typeof buckets }>();
  for (const b of buckets) {
    const m = metrics.get(b.name) ?? { name: b.name, samples: 0, good: 0, needsImprovement: 0, poor: 0, buckets: [] };
    m.samples += b.samples;
    m.good += b.good;
    m.needsImprovement += b.ni;
    m.poor += b.poor;
    m.buckets.push(b);
    metrics.set(b.name, m);
  }
  const counted = [...metrics.values()].filter((m) => m.samples > 0);
  if (!counted.length) return [];
  // The bucket where the cumulative count passes the rank, and the rank's offset inside it.
  const targets = counted.map((m) => {
    let offset = Math.ceil((3 * m.samples) / 4) - 1;
    let i = 0;
    for (; offset >= m.buckets[i].samples; i++) offset -= m.buckets[i].samples;
    const at = m.buckets[i];
    const width = VITAL_BUCKET_WIDTH[m.name];
    // A value range a little wider than the bucket keeps the key's order; the bucket expression decides.
    const hi = at.bucket >= VITAL_LAST_BUCKET ? Number.MAX_VALUE : (at.bucket + 1.01) * width;
    return [m.name, (at.bucket - 0.01) * width, hi, at.bucket, offset];
  });
  // One statement, one scalar subquery per metric (SQLite takes no column in OFFSET, so offsets are bound).
  const p75s = await db
    .prepare(
      `SELECT ${targets
        .map((_, i) => {
          const p = (n: number) => `?${4 + 5 * i + n}`;
          return `(SELECT value FROM vital_samples WHERE site = ?1 AND name = ${p(0)} AND value >= ${p(1)} AND value < ${p(2)} AND ${bucket} = ${p(3)}
                    AND ts >= ?2 AND ts <= ?3 ORDER BY value LIMIT 1 OFFSET ${p(4)}) AS p${i}`;
        })
        .join(', ')}`,
    )
    .bind(site, from, to, ...targets.flat())
    .first<Record<string, number>>();
  return counted.map((m, i) => ({ name: m.name, samples: m.samples, p75: p75s![`p${i}`], good: m.good, needsImprovement: m.needsImprovement, poor: m.poor }));
}

/**
 * NPS and CSAT over every numeric answer of those question types in the range, of any survey of the
 * site: whole hours from survey_hours, the partial end hours from the events (partial index events_answers_time).
 */
export async function surveySummary(db: D1Database, site: string, from: number, to: number) {
  const { hours, partial } = hourSpan(from, to);
  const parts = partial.map(
    (when) => `SELECT props->>'questionType' AS kind, props->>'value' AS value, 1 AS answers FROM events INDEXED BY events_answers_time
               WHERE site = ?1 AND ${SCORED_ANSWER} AND ${when}`,
  );
  if (hours.length) parts.unshift('SELECT kind, value, answers FROM survey_hours WHERE site = ?1 AND hour >= ?4 AND hour < ?5');
  const { results } = await db
    .prepare(`WITH counted AS (${parts.join(' UNION ALL ')}) SELECT kind, value, sum(answers) AS n FROM counted GROUP BY kind, value`)
    .bind(site, from, to, ...hours)
    .all<{ kind: 'nps' | 'csat'; value: unknown; n: number }>();
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
