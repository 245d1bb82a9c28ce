import { TYPE } from '../../schema/vocabulary';
import { PAGE_HOUR_MS } from './pageHours';
import { NEW_EVENTS, type Projection } from './types';

/** Bucket widths per metric (ms; CLS unitless): the p75 read scans one bucket's samples, so narrow near where p75 falls. */
export const VITAL_BUCKET_WIDTH: Record<string, number> = { CLS: 0.01, INP: 20, TTFB: 50, LCP: 100, FCP: 100 };
/** Values past this many widths share the last bucket (a long tail adds no rows). */
export const VITAL_LAST_BUCKET = 200;

/**
 * A sample's bucket in SQL, word for word as in migration 0027's backfill (real widths: no integer
 * division). Reads recompute it on vital_samples, so a sample is always in the bucket it was counted in.
 */
export const vitalBucketSql = (value: string, name: string) =>
  `min(CAST(${value} / (CASE ${name} WHEN 'CLS' THEN 0.01 WHEN 'INP' THEN 20.0 WHEN 'TTFB' THEN 50.0 ELSE 100.0 END) AS INTEGER), ${VITAL_LAST_BUCKET})`;

/** vital_hours: each new web-vital counted in its site's hour, metric and value bucket, with its rating. */
export const vitalHours: Projection = ({ db, site, batchId, idsJson, rows }) => {
  if (!rows.some((r) => r.type === TYPE.vital)) return [];
  return [
    db
      .prepare(
        `INSERT INTO vital_hours (site, hour, name, bucket, samples, good, needs_improvement, poor)
         SELECT site, ts - ts % ${PAGE_HOUR_MS}, name, ${vitalBucketSql("props->>'value'", 'name')}, count(*),
                sum(props->>'rating' = 'good'), sum(props->>'rating' = 'needs-improvement'), sum(props->>'rating' = 'poor')
         FROM ${NEW_EVENTS} WHERE type = '${TYPE.vital}'
         GROUP BY 2, 3, 4
         ON CONFLICT (site, hour, name, bucket) DO UPDATE SET samples = samples + excluded.samples, good = good + excluded.good,
           needs_improvement = needs_improvement + excluded.needs_improvement, poor = poor + excluded.poor`,
      )
      .bind(site, idsJson, batchId),
  ];
};
