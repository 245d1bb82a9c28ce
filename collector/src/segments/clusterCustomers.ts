import { computeScore } from '../score/computeScore';
import { decayedStats, mergeStateRows, type StateRow } from '../score/decay';
import type { ScoreConfig } from '../score/scoreConfig';
import { kMeans } from './kMeans';

const DAY = 86_400_000;

/** One person for the clustering: a customer (all devices) or an anonymous visitor. */
export interface Person {
  id: string;
  lastSeen: number;
  events: number;
  state: StateRow[];
}

export interface ClusterGroup {
  name: string;
  size: number;
  /** Centroid in plain units: days since last seen, events, decayed engagement observations, Happy Index. */
  centroid: { recencyDays: number; frequency: number; engagement: number; score: number };
}

export interface Clustering {
  computedAt: number;
  people: number;
  groups: ClusterGroup[];
}

/** Groups a clustering looks for; fewer when there are fewer people. */
export const CLUSTER_COUNT = 4;

/**
 * RFM-style clustering: recency, frequency, engagement (log-scaled) and Happy Index, each standardised,
 * then k-means with a fixed seed; groups are named from their centroids (see nameGroup).
 */
export function clusterCustomers(people: Person[], config: ScoreConfig, now: number): Clustering {
  const engagementHalfLife = config.signals.find((s) => s.name === 'engagement')?.halfLifeMs ?? 14 * DAY;
  const raw = people.map((p) => {
    const state = mergeStateRows(p.state);
    return {
      recencyDays: Math.max(0, (now - p.lastSeen) / DAY),
      frequency: p.events,
      engagement: decayedStats(state.filter((r) => r.signal === 'engagement'), engagementHalfLife, now).n,
      score: computeScore(config, state, now).score,
    };
  });
  const features = raw.map((r) => [Math.log1p(r.recencyDays), Math.log1p(r.frequency), Math.log1p(r.engagement), r.score / 100]);
  const standardised = standardise(features);
  const { assignment } = kMeans(standardised, CLUSTER_COUNT, 42);
  const groups: ClusterGroup[] = [];
  const k = Math.max(0, ...assignment) + 1;
  for (let c = 0; c < k; c++) {
    const members = raw.filter((_, i) => assignment[i] === c);
    if (!members.length) continue;
    const mean = (f: (r: (typeof raw)[number]) => number) => Math.round((members.reduce((s, r) => s + f(r), 0) / members.length) * 10) / 10;
    const centroid = { recencyDays: mean((r) => r.recencyDays), frequency: mean((r) => r.frequency), engagement: mean((r) => r.engagement), score: mean((r) => r.score) };
    groups.push({ name: '', size: members.length, centroid });
  }
  const medianFrequency = median(groups.map((g) => g.centroid.frequency));
  const used = new Map<string, number>();
  for (const g of groups.sort((a, b) => b.size - a.size)) {
    const base = nameGroup(g.centroid, medianFrequency, config.bands);
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    g.name = count > 1 ? `${base} ${count}` : base;
  }
  return { computedAt: now, people: people.length, groups };
}

/** Plain names a marketer recognises, from the centroid's recency, frequency and score. */
export function nameGroup(c: ClusterGroup['centroid'], medianFrequency: number, bands: { happy: number; atRisk: number }): string {
  const recent = c.recencyDays <= 14;
  if (c.score < bands.atRisk) return recent ? 'unhappy regulars' : 'lost';
  if (!recent) return 'hibernating';
  if (c.score >= bands.happy && c.frequency >= medianFrequency) return 'champions';
  if (c.frequency < medianFrequency) return 'newcomers';
  return 'loyal';
}

function standardise(rows: number[][]): number[][] {
  if (!rows.length) return rows;
  const dims = rows[0].length;
  const means = Array.from({ length: dims }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
  const sds = Array.from({ length: dims }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - means[j]) ** 2, 0) / rows.length) || 1);
  return rows.map((r) => r.map((x, j) => (x - means[j]) / sds[j]));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : 0;
}
