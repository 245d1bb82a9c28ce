import { decayedStats, type StateRow } from './decay';
import { roundToTotal } from './roundToTotal';
import type { BANDS } from '../schema/vocabulary';
import type { ScoreConfig } from './scoreConfig';

export type Band = (typeof BANDS)[number];

export interface SignalContribution {
  signal: string;
  /** Points this signal moves the score away from the baseline (negative = pulls it down). */
  contribution: number;
  /** The signal's shrunk value, 0–100: (n·x̄ + k·μ)/(n + k). */
  value: number;
  /** Mean of the decayed observations (x̄), or null with none. */
  observed: number | null;
  /** Decayed count of observations (n). */
  n: number;
  weight: number;
  prior: number;
}

export interface HappyIndex {
  /** 0–100, one decimal. baseline + Σ contributions = score exactly, in tenths. */
  score: number;
  baseline: number;
  confidence: number;
  band: Band;
  contributions: SignalContribution[];
}

/**
 * The Happy Index at time `at` from a subject's stored state:
 *   per signal  value_s = (n_s·x̄_s + k_s·μ_s)/(n_s + k_s)   (shrunk toward the site's prior)
 *   score       Σ w_s·value_s / Σ w_s
 *   baseline    Σ w_s·μ_s / Σ w_s                          (someone we know nothing about)
 *   contrib_s   w_s·(value_s − μ_s) / Σ w_s                 (so baseline + Σ contrib = score)
 *   confidence  Σ w_s·n_s/(n_s + k_s) / Σ w_s               (0 with no data, → 1 as evidence grows)
 * Rounded in integer tenths with the largest-remainder rule, so the rounded parts still add up.
 */
export function computeScore(config: ScoreConfig, rows: readonly StateRow[], at: number): HappyIndex {
  const totalWeight = config.signals.reduce((a, s) => a + s.weight, 0) || 1;
  let baseline = 0;
  let confidence = 0;
  const exact = config.signals.map((s) => {
    const { n, sum } = decayedStats(
      rows.filter((r) => r.signal === s.name),
      s.halfLifeMs,
      at,
    );
    const { mean: mu, strength: k } = s.prior;
    const value = (sum + k * mu) / (n + k);
    const share = s.weight / totalWeight;
    baseline += share * mu;
    confidence += share * (n / (n + k));
    return { s, n, value, observed: n > 0 ? sum / n : null, contribution: share * (value - mu) };
  });
  const exactScore = baseline + exact.reduce((a, e) => a + e.contribution, 0);

  const scoreTenths = Math.round(exactScore * 10);
  const baselineTenths = Math.round(baseline * 10);
  const parts = roundToTotal(
    exact.map((e) => e.contribution * 10),
    scoreTenths - baselineTenths,
  );
  const score = scoreTenths / 10;
  return {
    score,
    baseline: baselineTenths / 10,
    confidence: Math.round(confidence * 100) / 100,
    band: score >= config.bands.happy ? 'happy' : score < config.bands.atRisk ? 'at risk' : 'neutral',
    contributions: exact.map((e, i) => ({
      signal: e.s.name,
      contribution: parts[i] / 10,
      value: round1(e.value),
      observed: e.observed === null ? null : round1(e.observed),
      n: Math.round(e.n * 1000) / 1000,
      weight: e.s.weight,
      prior: e.s.prior.mean,
    })),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
