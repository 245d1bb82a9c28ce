import type { Clustering } from './clusterPeople';

/** A new centre further than this (in standard deviations, Euclidean) from every old one is a new group. */
export const MATCH_MAX_DISTANCE = 1.5;

/**
 * Ids for the new centres: each takes the id of the closest previous centre, greedily by distance over
 * all (new, old) pairs (optimal for the handful of groups we have unless two pairs tie), so a group keeps
 * its label from day to day while it stays where it was. Previous centres are brought into today's
 * standardisation first (their z back to feature units with yesterday's scale, then today's), and only
 * features both clusterings have count. Unmatched centres get fresh ids; ids are never reused.
 */
export function matchClusters(
  centres: readonly number[][],
  scale: readonly { mean: number; sd: number }[],
  previous: Clustering | null,
  /** Today's feature keys, in the order of `centres` and `scale`. */
  keys: readonly string[],
): { ids: string[]; lastId: number } {
  let lastId = previous?.lastId ?? 0;
  const ids: (string | null)[] = centres.map(() => null);
  if (previous) {
    const old = previous.groups.map((g) =>
      previous.features.map((f, j) => {
        const s = previous.scale[j];
        return { key: f.key, value: (g.z[f.key] ?? 0) * s.sd + s.mean };
      }),
    );
    const pairs: { n: number; o: number; d: number }[] = [];
    centres.forEach((centre, n) =>
      old.forEach((o, oi) => {
        let d2 = 0;
        keys.forEach((key, j) => {
          const prev = o.find((x) => x.key === key);
          if (!prev) return;
          const z = scale[j].sd > 1e-9 ? (prev.value - scale[j].mean) / scale[j].sd : 0;
          d2 += (centre[j] - z) ** 2;
        });
        pairs.push({ n, o: oi, d: Math.sqrt(d2) });
      }),
    );
    const taken = new Set<number>();
    for (const p of pairs.sort((a, b) => a.d - b.d || a.n - b.n || a.o - b.o)) {
      if (p.d > MATCH_MAX_DISTANCE || ids[p.n] !== null || taken.has(p.o)) continue;
      ids[p.n] = previous.groups[p.o].id;
      taken.add(p.o);
    }
  }
  return { ids: ids.map((id) => id ?? `c${++lastId}`), lastId };
}
