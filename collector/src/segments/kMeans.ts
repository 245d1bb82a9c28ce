/** mulberry32: a tiny seeded PRNG, so the same data always gives the same clusters. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dist2 = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0);

/**
 * k-means (Lloyd) with k-means++ seeding from a seeded PRNG: deterministic for the same points and
 * seed. Returns each point's cluster and the centroids; empty clusters keep their previous centroid.
 */
export function kMeans(points: readonly number[][], k: number, seed = 42, iterations = 50): { assignment: number[]; centroids: number[][] } {
  const n = points.length;
  if (n === 0 || k <= 0) return { assignment: [], centroids: [] };
  k = Math.min(k, n);
  const random = seededRandom(seed);
  const centroids: number[][] = [points[Math.floor(random() * n)].slice()];
  while (centroids.length < k) {
    const d = points.map((p) => Math.min(...centroids.map((c) => dist2(p, c))));
    const total = d.reduce((a, b) => a + b, 0);
    if (total === 0) break;
    let r = random() * total;
    let pick = 0;
    while (pick < n - 1 && (r -= d[pick]) > 0) pick++;
    centroids.push(points[pick].slice());
  }
  const assignment = new Array<number>(n).fill(-1);
  for (let it = 0; it < iterations; it++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < centroids.length; c++) if (dist2(points[i], centroids[c]) < dist2(points[i], centroids[best])) best = c;
      if (assignment[i] !== best) {
        assignment[i] = best;
        moved = true;
      }
    }
    if (!moved) break;
    for (let c = 0; c < centroids.length; c++) {
      const members = points.filter((_, i) => assignment[i] === c);
      if (members.length) centroids[c] = members[0].map((_, j) => members.reduce((s, p) => s + p[j], 0) / members.length);
    }
  }
  return { assignment, centroids };
}
