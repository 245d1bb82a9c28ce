import { readTrendInputs, type TrendInputs } from '../store/scoreState';
import { computeScore, type HappyIndex } from './computeScore';
import { mergeStateRows, observationTerm, RECENT_DAYS, type StateRow } from './decay';
import { observations } from './observations';
import type { ScoreConfig } from './scoreConfig';

export const TREND_DAYS = 30;
export const TREND_MS = TREND_DAYS * 86_400_000;
// score_recent must cover the window, the day it starts in and a day's margin (store/scoreState.ts).
if (RECENT_DAYS < TREND_DAYS + 2) throw new Error('RECENT_DAYS must cover the trend window');

export interface SubjectScore extends HappyIndex {
  /** Score now minus the score 30 days ago (from the same state without the window's observations). */
  trend: { days: number; change: number; from: number } | null;
  at: number;
}

/**
 * The Happy Index of a visitor (one id) or a customer (all of its visitor ids), with its 30-day trend.
 * Reads maintained state only (score_state, score_recent) plus the events of the window's first day
 * after its start: one D1 round trip, whatever the person's history. `at`: now, or within a day of it.
 * `read`: readTrendInputs of these ids since at − TREND_MS, when the caller shares it (the card's at-risk).
 */
export async function subjectScore(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  visitorIds: string[],
  at = Date.now(),
  read?: Promise<TrendInputs>,
): Promise<SubjectScore> {
  const inputs = await (read ?? readTrendInputs(db, site, visitorIds, at - TREND_MS));
  const { state, trend } = personTrend(config, inputs, visitorIds, at);
  return { ...computeScore(config, state, at), trend, at };
}

/** The merged state and 30-day trend of the person whose member visitor ids are `members`. */
export function personTrend(config: ScoreConfig, inputs: TrendInputs, members: readonly string[], at: number) {
  const state = mergeStateRows(members.flatMap((id) => inputs.state.get(id) ?? []));
  const recent = members.flatMap((id) => inputs.recent.get(id) ?? []);
  const firstDay = members.flatMap((id) => inputs.firstDay.get(id) ?? []);
  const scoreNow = computeScore(config, state, at).score;
  const then = computeScore(config, withoutObservations(withoutTerms(state, recent), firstDay, config), at - TREND_MS);
  return { state, trend: { days: TREND_DAYS, from: then.score, change: Math.round((scoreNow - then.score) * 10) / 10 } };
}

/** The state without some summed terms (score_recent rows), key by key; a key the state lost stays lost. */
export function withoutTerms(state: readonly StateRow[], terms: readonly StateRow[]): StateRow[] {
  const rows = new Map(state.map((r) => [`${r.signal}|${r.halfLifeMs}|${r.era}`, { ...r }]));
  for (const t of terms) {
    const row = rows.get(`${t.signal}|${t.halfLifeMs}|${t.era}`);
    if (!row) continue;
    row.w -= t.w;
    row.wx -= t.wx;
  }
  return [...rows.values()];
}

/**
 * The trend's definition from the window's events: score now minus the score 30 days earlier, given the
 * state and the events since. personTrend gets the same from maintained sums (tests hold them equal).
 */
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
