/**
 * Rounds `parts` to integers that add up to exactly `total` (largest remainder): each part is floored,
 * and the units still missing go to the parts with the largest fractions (ties: first part first).
 * `total` must be within one unit per part of the parts' sum, which holds when it is the rounded sum.
 */
export function roundToTotal(parts: readonly number[], total: number): number[] {
  const floors = parts.map(Math.floor);
  let missing = total - floors.reduce((a, b) => a + b, 0);
  const order = parts
    .map((p, i) => ({ i, frac: p - Math.floor(p) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  const out = [...floors];
  for (const { i } of order) {
    if (missing <= 0) break;
    out[i] += 1;
    missing -= 1;
  }
  // Only when total is below the sum of floors (it is not the rounded sum): take units back.
  for (let k = order.length - 1; missing < 0 && k >= 0; k--, missing++) out[order[k].i] -= 1;
  return out;
}
