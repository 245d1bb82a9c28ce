/** Normal quantile for a two-sided 95% interval. */
const Z95 = 1.959964;

export interface AucEstimate {
  /** P(a random person who came back scored higher than a random person who did not); ties count half. */
  auc: number;
  /** Hanley–McNeil (1982) standard error. */
  se: number;
  /** 95% interval, auc ± 1.96·se, clipped to [0, 1]. */
  ci: [number, number];
  positives: number;
  negatives: number;
}

/**
 * AUC of `predictor` for telling `positive` cases apart, by the rank-sum (Mann–Whitney U) with
 * average ranks for ties, and its Hanley–McNeil confidence interval. Null when either class is empty.
 */
export function aucWithCi(cases: readonly { predictor: number; positive: boolean }[]): AucEstimate | null {
  const nP = cases.filter((c) => c.positive).length;
  const nN = cases.length - nP;
  if (!nP || !nN) return null;
  const sorted = [...cases].sort((a, b) => a.predictor - b.predictor);
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1].predictor === sorted[i].predictor) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (sorted[k].positive) rankSum += rank;
    i = j + 1;
  }
  const auc = (rankSum - (nP * (nP + 1)) / 2) / (nP * nN);
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const se = Math.sqrt(Math.max(0, (auc * (1 - auc) + (nP - 1) * (q1 - auc * auc) + (nN - 1) * (q2 - auc * auc)) / (nP * nN)));
  return { auc: round(auc), se: round(se), ci: [round(Math.max(0, auc - Z95 * se)), round(Math.min(1, auc + Z95 * se))], positives: nP, negatives: nN };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
