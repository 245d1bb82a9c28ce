import { mean, standardDeviation } from 'simple-statistics';
import type { ScoreConfig } from '../scoreConfig';
import type { ValiditySample } from './validitySamples';

const ITERATIONS = 500;
const LEARNING_RATE = 0.5;
/** L2 penalty: keeps the fit finite when one signal separates the classes perfectly. */
const L2 = 0.01;

/**
 * Signal weights that predict coming back better: a logistic regression of "came back" on the signals'
 * standardised values, fitted by batch gradient descent from zero (deterministic). The score ranks
 * people by Σ w·value, and the model by Σ β·(value − mean)/sd, so w ∝ β/sd; a signal with β ≤ 0 (it
 * does not help, or points the wrong way) gets weight 0. Scaled so the weights add up to today's total
 * and rounded to 2 decimals; null when no signal helps.
 */
export function proposeWeights(samples: readonly ValiditySample[], config: ScoreConfig): Record<string, number> | null {
  const names = config.signals.map((s) => s.name);
  if (!samples.length) return null;
  const stats = names.map((name) => {
    const xs = samples.map((s) => s.signals[name] ?? 0);
    return { m: mean(xs), sd: standardDeviation(xs) };
  });
  const x = samples.map((s) => names.map((name, j) => (stats[j].sd > 1e-9 ? ((s.signals[name] ?? 0) - stats[j].m) / stats[j].sd : 0)));
  const y = samples.map((s) => (s.cameBack ? 1 : 0));
  const beta = names.map(() => 0);
  let bias = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    const grad = names.map(() => 0);
    let gBias = 0;
    for (let i = 0; i < x.length; i++) {
      const p = 1 / (1 + Math.exp(-(bias + x[i].reduce((a, v, j) => a + v * beta[j], 0))));
      const err = p - y[i];
      gBias += err;
      for (let j = 0; j < names.length; j++) grad[j] += err * x[i][j];
    }
    bias -= (LEARNING_RATE * gBias) / x.length;
    for (let j = 0; j < names.length; j++) beta[j] -= LEARNING_RATE * (grad[j] / x.length + L2 * beta[j]);
  }
  const raw = names.map((_, j) => (stats[j].sd > 1e-9 && beta[j] > 1e-6 ? beta[j] / stats[j].sd : 0));
  const sum = raw.reduce((a, b) => a + b, 0);
  if (sum <= 0) return null;
  const total = config.signals.reduce((a, s) => a + s.weight, 0) || names.length;
  return Object.fromEntries(names.map((name, j) => [name, Math.min(100, Math.round((raw[j] / sum) * total * 100) / 100)]));
}
