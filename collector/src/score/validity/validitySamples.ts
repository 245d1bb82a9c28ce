import { TYPE } from '../../schema/vocabulary';
import { computeScore } from '../computeScore';
import { mergeStateRows, observationTerm, type StateRow } from '../decay';
import { observations } from '../observations';
import type { ScoreConfig } from '../scoreConfig';
import type { ScoreEvent } from '../signal';

const DAY = 86_400_000;
/** The outcome window after a cutoff, and the window before it in which a person must have visited. */
export const HORIZON_DAYS = 30;
export const HORIZON_MS = HORIZON_DAYS * DAY;

export interface PersonEvent extends ScoreEvent {
  id: string;
  person: string;
}

/** A person at a cutoff: their Happy Index and each signal's value then, and whether they came back. */
export interface ValiditySample {
  person: string;
  at: number;
  score: number;
  signals: Record<string, number>;
  cameBack: boolean;
}

/** A visit is a page view: what "coming back to the site" means. */
const isVisit = (e: ScoreEvent) => e.type === TYPE.pageview;

/**
 * One sample per (person, cutoff) for every person who visited in the HORIZON before the cutoff: the
 * score they had at the cutoff (from their events before it, computed as the stored state would be)
 * and whether they visited again within HORIZON after it. Events must be in time order.
 */
export function validitySamples(events: readonly PersonEvent[], cutoffs: readonly number[], config: ScoreConfig): ValiditySample[] {
  const byPerson = new Map<string, PersonEvent[]>();
  for (const e of events) {
    const list = byPerson.get(e.person) ?? [];
    list.push(e);
    byPerson.set(e.person, list);
  }
  const halfLife = new Map(config.signals.map((s) => [s.name, s.halfLifeMs]));
  const samples: ValiditySample[] = [];
  for (const [person, list] of byPerson) {
    const observed = observationsOf(list, halfLife);
    for (const at of cutoffs) {
      if (!list.some((e) => isVisit(e) && e.ts < at && e.ts >= at - HORIZON_MS)) continue;
      const rows = mergeStateRows(observed.filter((o) => o.ts < at).map((o) => o.row));
      const score = computeScore(config, rows, at);
      samples.push({
        person,
        at,
        score: score.score,
        signals: Object.fromEntries(score.contributions.map((c) => [c.signal, c.value])),
        cameBack: list.some((e) => isVisit(e) && e.ts > at && e.ts <= at + HORIZON_MS),
      });
    }
  }
  return samples;
}

/** Each observation of the person's events as a state row (the same integers ingest would add). */
function observationsOf(list: readonly PersonEvent[], halfLife: Map<string, number>): { ts: number; row: StateRow }[] {
  const byId = new Map(list.map((e) => [e.id, e]));
  return observations(list).flatMap(([id, signal, x]) => {
    const h = halfLife.get(signal);
    const e = byId.get(id);
    if (!h || !e) return [];
    return [{ ts: e.ts, row: { signal, halfLifeMs: h, ...observationTerm(e.ts, x, h) } }];
  });
}
