import { median } from 'simple-statistics';
import type { FunnelPerson } from './funnelPeople';

export interface FunnelStep {
  name: string;
  /** People who reached this step. */
  people: number;
  /** Share of those who reached the previous step (1 for the first step), 0..1; null with nobody before. */
  fromPrevious: number | null;
  /** Share of those who entered, 0..1; null when nobody entered. */
  fromStart: number | null;
  /** People who reached the previous step but not this one (0 for the first step). */
  dropOff: number;
  /** Median ms from the previous step to this one, over those who reached it; null for the first step or nobody. */
  medianMsFromPrevious: number | null;
}

const share = (part: number, whole: number) => (whole ? part / whole : null);

/** Per-step counts, conversion rates, drop-off and median time between steps for a set of entering people. */
export function summariseFunnel(stepNames: string[], people: FunnelPerson[]): FunnelStep[] {
  return stepNames.map((name, k) => {
    const here = people.filter((p) => p.times[k] !== null);
    const before = k === 0 ? here.length : people.filter((p) => p.times[k - 1] !== null).length;
    const gaps = k === 0 ? [] : here.map((p) => p.times[k]! - p.times[k - 1]!);
    return {
      name,
      people: here.length,
      fromPrevious: share(here.length, before),
      fromStart: share(here.length, people.length),
      dropOff: before - here.length,
      medianMsFromPrevious: gaps.length ? median(gaps) : null,
    };
  });
}

/**
 * A funnel split into groups: `groupOf` names each person's group (a segment's in/out, or after the
 * acquisition merge a channel), null leaves the person out. Groups come back in first-seen order.
 */
export function splitFunnel(
  stepNames: string[],
  people: FunnelPerson[],
  groupOf: (p: FunnelPerson) => string | null,
): { group: string; steps: FunnelStep[] }[] {
  const groups = new Map<string, FunnelPerson[]>();
  for (const p of people) {
    const g = groupOf(p);
    if (g === null) continue;
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  return [...groups].map(([group, members]) => ({ group, steps: summariseFunnel(stepNames, members) }));
}
