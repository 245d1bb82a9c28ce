import { kmeans } from 'ml-kmeans';
import { mean, silhouette } from 'simple-statistics';
import type { ClusterFeature } from './clusterFeatures';
import { describeCluster } from './describeCluster';
import { matchClusters } from './matchClusters';

export interface ClusterGroup {
  /** Stable label: a group keeps its id from one recompute to the next while its centre stays close. */
  id: string;
  /** Plain words from the centre, e.g. "recent, frequent, unhappy". */
  description: string;
  size: number;
  /** Centre in plain units (mean of the members' values), per feature key. */
  centre: Record<string, number>;
  /** Centre in standard deviations from everyone's mean, per feature key (what the description reads). */
  z: Record<string, number>;
}

export interface Clustering {
  computedAt: number;
  people: number;
  /** Groups chosen by the mean silhouette over k = K_MIN…K_MAX (1 with too few people). */
  k: number;
  silhouette: number | null;
  features: { key: string; unit: string }[];
  /** Mean and standard deviation of each transformed feature: the next recompute matches centres with it. */
  scale: { mean: number; sd: number }[];
  /** Highest numeric id handed out so far (ids are never reused). */
  lastId: number;
  groups: ClusterGroup[];
}

export const K_MIN = 2;
export const K_MAX = 6;
/** Silhouettes are O(n²): k is chosen on an evenly spaced sample of at most this many people. */
const SILHOUETTE_SAMPLE = 600;
const SEED = 42;

/**
 * Clusters people by their standardised (transformed) features: k-means (ml-kmeans, k-means++ with a
 * fixed seed) for each k in K_MIN…K_MAX, keeping the k with the best mean silhouette; then matches the
 * new centres to the previous clustering's so labels persist, and describes each group from its centre.
 * People are sorted by id first, so the input order never changes the answer.
 */
export function clusterPeople(
  ids: readonly string[],
  values: readonly number[][],
  features: readonly ClusterFeature[],
  previous: Clustering | null,
  now: number,
): { clustering: Clustering; membership: Map<string, string> } {
  const order = ids.map((_, i) => i).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const plain = order.map((i) => values[i]);
  const transformed = plain.map((row) => row.map((x, j) => features[j].transform(x)));
  const scale = features.map((_, j) => {
    const col = transformed.map((r) => r[j]);
    const m = col.length ? mean(col) : 0;
    const sd = col.length ? Math.sqrt(mean(col.map((x) => (x - m) ** 2))) : 0;
    return { mean: m, sd };
  });
  const points = transformed.map((r) => r.map((x, j) => (scale[j].sd > 1e-9 ? (x - scale[j].mean) / scale[j].sd : 0)));
  const labels = chooseClusters(points);
  const k = labels.length ? Math.max(...labels) + 1 : 0;

  const centres = Array.from({ length: k }, (_, c) => {
    const members = points.filter((_, i) => labels[i] === c);
    return features.map((_, j) => mean(members.map((p) => p[j])));
  });
  const { ids: groupIds, lastId } = matchClusters(centres, scale, previous, features.map((f) => f.key));
  const groups: ClusterGroup[] = centres.map((z, c) => {
    const members = plain.filter((_, i) => labels[i] === c);
    const centre = Object.fromEntries(features.map((f, j) => [f.key, round(mean(members.map((r) => r[j])), 1)]));
    const zs = Object.fromEntries(features.map((f, j) => [f.key, round(z[j], 2)]));
    return { id: groupIds[c], description: describeCluster(z, features), size: members.length, centre, z: zs };
  });
  groups.sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
  const membership = new Map(order.map((i, n) => [ids[i], groupIds[labels[n]]]));
  return {
    clustering: {
      computedAt: now,
      people: ids.length,
      k,
      silhouette: k > 1 ? round(meanSilhouette(points, labels), 3) : null,
      features: features.map((f) => ({ key: f.key, unit: f.unit })),
      scale,
      lastId,
      groups,
    },
    membership,
  };
}

/** Labels 0…k−1 for the best k by mean silhouette on a sample; everyone in one group when k-means cannot split. */
function chooseClusters(points: number[][]): number[] {
  const distinct = new Set(points.map((p) => p.join(','))).size;
  let best: { labels: number[]; score: number } | null = null;
  for (let k = K_MIN; k <= Math.min(K_MAX, distinct - 1); k++) {
    const labels = compact(kmeans(points, k, { seed: SEED, initialization: 'kmeans++', maxIterations: 100 }).clusters);
    if (Math.max(...labels) < 1) continue;
    const score = meanSilhouette(points, labels);
    // Strictly better only: ties keep the smaller k (fewer groups are easier to read).
    if (!best || score > best.score + 1e-9) best = { labels, score };
  }
  return best?.labels ?? points.map(() => 0);
}

function meanSilhouette(points: number[][], labels: number[]): number {
  const step = Math.max(1, Math.ceil(points.length / SILHOUETTE_SAMPLE));
  const idx = points.map((_, i) => i).filter((i) => i % step === 0);
  const sampleLabels = compact(idx.map((i) => labels[i]));
  if (Math.max(...sampleLabels) < 1) return -1;
  return mean(silhouette(idx.map((i) => points[i]), sampleLabels));
}

/** Renumbers labels to 0…g−1 in order of first appearance (k-means may leave a cluster empty). */
function compact(labels: number[]): number[] {
  const map = new Map<number, number>();
  return labels.map((l) => {
    if (!map.has(l)) map.set(l, map.size);
    return map.get(l)!;
  });
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
