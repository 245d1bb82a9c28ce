/**
 * One input of the Happy Index. Each signal lives in its own file under `signals/` and is listed once
 * in `signals/index.ts`; adding a signal is adding a file and a line there.
 *
 *   name          stable id, used in the API, in per-site configuration and in the stored state
 *   halfLifeDays  an observation's weight halves every this many days (recent experience counts more)
 *   weight        the signal's share of the index, relative to the other signals' weights
 *   prior         where the signal sits with no data (`mean`, 0–100) and how many observations it takes
 *                 to move halfway away from it (`strength`, the k of (n·x̄ + k·μ)/(n + k))
 *   observe       the event's value on this signal, 0–100 (100 = best experience), or null when the
 *                 event says nothing about it. Reads props defensively: a missing or odd field is null.
 */
export interface Signal {
  name: string;
  halfLifeDays: number;
  weight: number;
  prior: { mean: number; strength: number };
  observe(event: ScoreEvent): number | null;
}

/** What a signal sees of a stored event. */
export interface ScoreEvent {
  type: string;
  name: string | null;
  ts: number;
  props: unknown;
}

/** Props as a plain object ({} when absent or not an object), so signals can read fields safely. */
export function propsOf(event: ScoreEvent): Record<string, unknown> {
  const p = event.props;
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/** The first of `keys` holding a finite number (numeric strings count), else null. */
export function numberProp(props: Record<string, unknown>, ...keys: string[]): number | null {
  for (const key of keys) {
    const v = props[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return null;
}

/** The first of `keys` holding a string, lowercased, else null. */
export function stringProp(props: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = props[key];
    if (typeof v === 'string') return v.toLowerCase();
  }
  return null;
}

/** Maps `value` in [lo, hi] linearly to 0–100; null outside the range (a malformed answer says nothing). */
export function scaleTo100(value: number | null, lo: number, hi: number): number | null {
  if (value === null || value < lo || value > hi || hi <= lo) return null;
  return ((value - lo) / (hi - lo)) * 100;
}

export const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
