import { ERA_HALF_LIVES, WEIGHT_SCALE } from '../score/decay';
import type { ScoreConfig } from '../score/scoreConfig';

/**
 * SQL (CTEs) for the Happy Index of many subjects at once, the same formula as `score/computeScore.ts`
 * evaluated in SQLite so a site's 10,000 people cost one query instead of 10,000 reads:
 *   value_s = (Σx_s + k·μ)/(n_s + k), score = baseline + Σ w_s·(value_s − μ_s)/W, rounded to tenths.
 * `subject` is an SQL expression over `s` (score_state) and `v` (visitors); `scope` filters those rows.
 * Binds: ?1 site, `configParam` the signals as JSON (see `scoreConfigJson`), `atParam` the read time.
 * Produces the CTE `subject_scores(subject, score)` for subjects with any state; others score the baseline.
 */
export function subjectScoresCte(
  config: ScoreConfig,
  subject: string,
  scope: string,
  configParam: string,
  atParam: string,
): string {
  const totalWeight = config.signals.reduce((a, s) => a + s.weight, 0) || 1;
  const decay = `pow(2, (s.era * ${ERA_HALF_LIVES}.0 * s.half_life_ms - ${atParam}) / s.half_life_ms) / ${WEIGHT_SCALE}.0`;
  return `cfg AS MATERIALIZED (SELECT value->>'name' AS signal, value->>'h' AS h, value->>'w' AS w, value->>'mu' AS mu,
                         value->>'k' AS k FROM json_each(${configParam})),
    stats AS (SELECT ${subject} AS subject, c.w, c.mu, c.k, sum(s.w * ${decay}) AS n, sum(s.wx * ${decay}) AS sx
              FROM score_state s JOIN visitors v ON v.site = s.site AND v.visitor_id = s.visitor_id
              JOIN cfg c ON c.signal = s.signal AND c.h = s.half_life_ms
              WHERE s.site = ?1 AND (${scope}) GROUP BY 1, c.signal),
    subject_scores AS (SELECT subject, round((${baselineOf(config)} + sum(w * ((sx + k * mu) / (n + k) - mu)) / ${totalWeight}) * 10) / 10 AS score
                       FROM stats GROUP BY subject)`;
}

/** The signals as the JSON `subjectScoresCte` reads. */
export const scoreConfigJson = (config: ScoreConfig) =>
  JSON.stringify(config.signals.map((s) => ({ name: s.name, h: s.halfLifeMs, w: s.weight, mu: s.prior.mean, k: s.prior.strength })));

/** Score of someone with no state: Σ w·μ / W, unrounded (the SQL rounds the sum). */
export function baselineOf(config: ScoreConfig): number {
  const totalWeight = config.signals.reduce((a, s) => a + s.weight, 0) || 1;
  return config.signals.reduce((a, s) => a + s.weight * s.prior.mean, 0) / totalWeight;
}
