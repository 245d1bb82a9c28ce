import type { ClusterFeature } from './clusterFeatures';

/** How far (in standard deviations) a centre must sit from everyone's mean to earn a word. */
export const DESCRIBE_THRESHOLD = 0.5;

/**
 * Plain words for a group from its standardised centre, in feature order: "recent, frequent, high
 * value, unhappy". A feature near the mean (or the same for everyone) adds nothing; a centre near the
 * mean on every feature is "typical".
 */
export function describeCluster(z: readonly number[], features: readonly ClusterFeature[]): string {
  const words = features.flatMap((f, j) => (z[j] >= DESCRIBE_THRESHOLD ? [f.high] : z[j] <= -DESCRIBE_THRESHOLD ? [f.low] : []));
  return words.length ? words.join(', ') : 'typical';
}
