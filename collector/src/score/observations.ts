import type { ScoreEvent } from './signal';
import { SIGNALS } from './signals';

const DAY_MS = 86_400_000;

/** [event id, signal, value 0–100, default half-life ms]: the projection's and the recompute's input. */
export type Observation = [id: string, signal: string, value: number, defaultHalfLifeMs: number];

/** Every (event, signal) pair with a value. A signal that throws on an odd event counts as silent. */
export function observations(events: Iterable<ScoreEvent & { id: string }>): Observation[] {
  const out: Observation[] = [];
  for (const event of events) {
    for (const signal of SIGNALS) {
      let value: number | null = null;
      try {
        value = signal.observe(event);
      } catch {
        value = null;
      }
      if (value === null || !Number.isFinite(value)) continue;
      out.push([event.id, signal.name, Math.min(100, Math.max(0, value)), Math.round(signal.halfLifeDays * DAY_MS)]);
    }
  }
  return out;
}
