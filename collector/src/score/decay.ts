/**
 * Decay-free sufficient statistics. Each observation (time t, value x) of a signal with half-life h is
 * stored as integers relative to its era, a fixed window of ERA_HALF_LIVES half-lives counted from the
 * Unix epoch:
 *   era = floor(t / (ERA_HALF_LIVES·h)),  w = round(SCALE · 2^((t − eraStart)/h)),  wx = round(w′ · x)
 * (w′ unrounded). Sums of w and wx per (subject, signal, era) are plain integer additions, so adding a
 * batch is commutative, retry-safe with dedup, and exactly equal to summing the whole history at once.
 * At read time T, an era's sums scale by 2^((eraStart − T)/h) / SCALE to the decayed count n and the
 * decayed sum of x. Only the two newest eras of a subject are kept: anything older weighs less than
 * 2^−ERA_HALF_LIVES of the newest era's start. Values stay under 2^31 per observation, so 2^22
 * observations fit in one era before JavaScript numbers lose integer precision.
 * The SQL in store/scoreState.ts computes w and wx; this file is the read side and the constants.
 */
export const WEIGHT_SCALE = 4096;
export const ERA_HALF_LIVES = 12;
export const KEPT_ERAS = 2;
export const DAY_MS = 86_400_000;
/**
 * Days of terms kept per UTC day in score_recent (the same w, wx, by the day of the event): the trend's
 * 30-day window, the day it starts in, and a day's margin for a read time slightly behind the last ingest.
 */
export const RECENT_DAYS = 32;

export interface StateRow {
  signal: string;
  halfLifeMs: number;
  era: number;
  w: number;
  wx: number;
}

export interface DecayedStats {
  /** Decayed count of observations at the read time (1 for one observation made right then). */
  n: number;
  /** Decayed sum of observed values. */
  sum: number;
}

/** Decayed n and Σx at time `at` from a signal's stored eras (only rows with this half-life count). */
export function decayedStats(rows: readonly StateRow[], halfLifeMs: number, at: number): DecayedStats {
  let n = 0;
  let sum = 0;
  for (const row of rows) {
    if (row.halfLifeMs !== halfLifeMs) continue;
    const eraStart = row.era * ERA_HALF_LIVES * halfLifeMs;
    const factor = 2 ** ((eraStart - at) / halfLifeMs) / WEIGHT_SCALE;
    n += row.w * factor;
    sum += row.wx * factor;
  }
  return { n, sum };
}

/** Keeps the KEPT_ERAS newest eras per (signal, half-life), the same rule the ingest projection applies. */
export function keepNewestEras(rows: readonly StateRow[]): StateRow[] {
  const newest = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.signal}|${r.halfLifeMs}`;
    newest.set(key, Math.max(newest.get(key) ?? -Infinity, r.era));
  }
  return rows.filter((r) => r.era > newest.get(`${r.signal}|${r.halfLifeMs}`)! - KEPT_ERAS);
}

/** Adds rows of several visitor ids (a customer's devices) era by era. */
export function mergeStateRows(rows: readonly StateRow[]): StateRow[] {
  const merged = new Map<string, StateRow>();
  for (const r of rows) {
    const key = `${r.signal}|${r.halfLifeMs}|${r.era}`;
    const m = merged.get(key);
    if (m) {
      m.w += r.w;
      m.wx += r.wx;
    } else merged.set(key, { ...r });
  }
  return keepNewestEras([...merged.values()]);
}

/** The integers the SQL adds for one observation (same formula; used to roll state back for trends). */
export function observationTerm(ts: number, x: number, halfLifeMs: number): { era: number; w: number; wx: number } {
  const eraLength = ERA_HALF_LIVES * halfLifeMs;
  const era = Math.floor(ts / eraLength);
  const wr = WEIGHT_SCALE * 2 ** ((ts % eraLength) / halfLifeMs);
  return { era, w: Math.round(wr), wx: Math.round(wr * x) };
}
