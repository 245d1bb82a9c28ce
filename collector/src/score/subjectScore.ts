import { readEventsSince, readScoreState } from '../store/scoreState';
import { computeScore, type HappyIndex } from './computeScore';
import { mergeStateRows, observationTerm, type StateRow } from './decay';
import { observations } from './observations';
import type { ScoreConfig } from './scoreConfig';

export const TREND_DAYS = 30;
export const TREND_MS = TREND_DAYS * 86_400_000;
/** The trend reads the window's events; past this many it is left out (null) rather than slow. */
const TREND_EVENT_CAP = 50_000;

export interface SubjectScore extends HappyIndex {
  /** Score now minus the score 30 days ago (from the same state without the window's events). */
  trend: { days: number; change: number; from: number } | null;
  at: number;
}

/** The Happy Index of a visitor (one id) or a customer (all of its visitor ids), with its 30-day trend. */
export async function subjectScore(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  visitorIds: string[],
  at = Date.now(),
): Promise<SubjectScore> {
  const state = mergeStateRows(await readScoreState(db, site, visitorIds));
  const now = computeScore(config, state, at);
  const recent = await readEventsSince(db, site, visitorIds, at - TREND_MS, TREND_EVENT_CAP);
  const trend = recent.length <= TREND_EVENT_CAP ? trendOf(config, state, now.score, recent, at) : null;
  return { ...now, trend, at };
}

/** Score now minus the score 30 days earlier, given the state and the events of the window since. */
export function trendOf(
  config: ScoreConfig,
  state: readonly StateRow[],
  scoreNow: number,
  windowEvents: Parameters<typeof observations>[0],
  at: number,
): NonNullable<SubjectScore['trend']> {
  const then = computeScore(config, withoutObservations(state, windowEvents, config), at - TREND_MS);
  return { days: TREND_DAYS, from: then.score, change: Math.round((scoreNow - then.score) * 10) / 10 };
}

/** The state as it was before `events`: their terms subtracted (integer sums make this exact). */
export function withoutObservations(
  state: readonly StateRow[],
  events: Parameters<typeof observations>[0],
  config: ScoreConfig,
): StateRow[] {
  const rows = new Map(state.map((r) => [`${r.signal}|${r.halfLifeMs}|${r.era}`, { ...r }]));
  const halfLife = new Map(config.signals.map((s) => [s.name, s.halfLifeMs]));
  const byId = new Map([...events].map((e) => [e.id, e]));
  for (const [id, signal, x] of observations(events)) {
    const h = halfLife.get(signal);
    const e = byId.get(id);
    if (!h || !e) continue;
    const t = observationTerm(e.ts, x, h);
    const row = rows.get(`${signal}|${h}|${t.era}`);
    if (!row) continue;
    row.w -= t.w;
    row.wx -= t.wx;
  }
  return [...rows.values()].filter((r) => r.w > 0);
}
