import { quantileSorted } from 'simple-statistics';

export interface Distribution {
  n: number;
  /** Quantiles by simple-statistics' quantileSorted: linear interpolation between ranks (numpy's default, R type 7), ms. */
  p50: number | null;
  p90: number | null;
}

export type Bucket = 'day' | 'week';
const DAY = 86_400_000;

/** p50 and p90 of durations (ms), rounded to whole ms; nulls with none. */
export function distribution(durations: readonly number[]): Distribution {
  if (!durations.length) return { n: 0, p50: null, p90: null };
  const sorted = [...durations].sort((a, b) => a - b);
  return { n: sorted.length, p50: Math.round(quantileSorted(sorted, 0.5)), p90: Math.round(quantileSorted(sorted, 0.9)) };
}

/** Start of the UTC day, or of the ISO week (Monday 00:00 UTC), holding `ts`. */
export function bucketStart(ts: number, bucket: Bucket): number {
  const day = Math.floor(ts / DAY) * DAY;
  if (bucket === 'day') return day;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY;
}

/** Durations grouped into buckets by their time, each bucket's distribution, oldest first (empty buckets included). */
export function bucketed(items: readonly { at: number; ms: number }[], bucket: Bucket, from: number, to: number): ({ start: number } & Distribution)[] {
  const groups = new Map<number, number[]>();
  for (const i of items) {
    const start = bucketStart(i.at, bucket);
    groups.set(start, [...(groups.get(start) ?? []), i.ms]);
  }
  const out: ({ start: number } & Distribution)[] = [];
  const step = bucket === 'day' ? DAY : 7 * DAY;
  for (let start = bucketStart(from, bucket); start <= to; start += step) out.push({ start, ...distribution(groups.get(start) ?? []) });
  return out;
}
