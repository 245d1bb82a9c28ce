import { readPersonEvents } from '../../store/validityEvents';
import { resolveScoreConfig, scoreConfigSchema, type ScoreConfig, type ScoreConfigInput } from '../scoreConfig';
import { aucWithCi, type AucEstimate } from './aucWithCi';
import { proposeWeights } from './proposeWeights';
import { HORIZON_DAYS, HORIZON_MS, validitySamples, type ValiditySample } from './validitySamples';

const DAY = 86_400_000;
/** Cutoffs a week apart, the latest HORIZON before now (so its outcome is known). */
export const CUTOFFS = 8;
/** Events before the first cutoff that still shape its score (a few of the longest half-lives). */
const HISTORY_MS = 180 * DAY;
/** Events read at most: bounds one request; the answer says when it was reached. */
const EVENTS_MAX = 100_000;

export interface ScoreValidity {
  horizonDays: number;
  outcome: string;
  cutoffs: number[];
  samples: number;
  cameBack: number;
  stopped: number;
  /** True when the site has more events than one check reads: the oldest cutoffs see less history. */
  truncated: boolean;
  /** How well the Happy Index at a cutoff tells who came back from who did not (null: one class empty). */
  happyIndex: AucEstimate | null;
  signals: { signal: string; weight: number; estimate: AucEstimate | null }[];
  /** Weights that predict better, as a body for PUT .../scores/config (the site's other overrides kept). */
  proposal: { config: ScoreConfigInput; estimate: AucEstimate | null } | null;
}

/** The predictive check of the Happy Index on the site's own history. */
export async function scoreValidity(db: D1Database, site: string, input: ScoreConfigInput | null, config: ScoreConfig, now = Date.now()): Promise<ScoreValidity> {
  const cutoffs = Array.from({ length: CUTOFFS }, (_, i) => now - HORIZON_MS - i * 7 * DAY).reverse();
  const { events, truncated } = await readPersonEvents(db, site, cutoffs[0] - HISTORY_MS, EVENTS_MAX);
  return validityOf(validitySamples(events, cutoffs, config), cutoffs, truncated, input, config);
}

export function validityOf(samples: ValiditySample[], cutoffs: number[], truncated: boolean, input: ScoreConfigInput | null, config: ScoreConfig): ScoreValidity {
  const estimate = (predictor: (s: ValiditySample) => number) => aucWithCi(samples.map((s) => ({ predictor: predictor(s), positive: s.cameBack })));
  const weights = proposeWeights(samples, config);
  let proposal: ScoreValidity['proposal'] = null;
  if (weights) {
    const signals = { ...input?.signals };
    for (const [name, weight] of Object.entries(weights)) signals[name] = { ...signals[name], weight };
    const body = scoreConfigSchema.parse({ ...input, signals });
    const proposed = resolveScoreConfig(body);
    const total = proposed.signals.reduce((a, s) => a + s.weight, 0) || 1;
    // The score is Σ w·value / Σ w: recomputed from each sample's signal values under the new weights.
    proposal = { config: body, estimate: estimate((s) => proposed.signals.reduce((a, g) => a + g.weight * (s.signals[g.name] ?? 0), 0) / total) };
  }
  const cameBack = samples.filter((s) => s.cameBack).length;
  return {
    horizonDays: HORIZON_DAYS,
    outcome: `no page view in the ${HORIZON_DAYS} days after the cutoff`,
    cutoffs,
    samples: samples.length,
    cameBack,
    stopped: samples.length - cameBack,
    truncated,
    happyIndex: estimate((s) => s.score),
    signals: config.signals.map((g) => ({ signal: g.name, weight: g.weight, estimate: estimate((s) => s.signals[g.name] ?? 0) })),
    proposal,
  };
}
