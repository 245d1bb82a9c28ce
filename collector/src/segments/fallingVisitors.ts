import { computeScore } from '../score/computeScore';
import type { ScoreConfig } from '../score/scoreConfig';
import { subjectScore, TREND_MS, trendOf } from '../score/subjectScore';
import { readEventsSince, readScoreStates } from '../store/scoreState';

/** "Falling": the Happy Index dropped this much or more over the trend window. */
export const AT_RISK_DROP = 5;
/** Window events read at once for a group of visitors. */
export const AT_RISK_EVENTS_MAX = 20_000;

/**
 * The visitors among `ids` whose Happy Index fell by AT_RISK_DROP or more over 30 days (the built-in
 * `at-risk` segment). The trend needs the window's events: one query per group of visitors with score
 * state; a group whose window holds more than `eventsMax` events is halved, down to one visitor
 * (whose trend is then read on its own), so a busy page costs a few queries, not one per visitor.
 */
export async function fallingVisitors(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  ids: string[],
  now: number,
  eventsMax = AT_RISK_EVENTS_MAX,
): Promise<Set<string>> {
  const states = await readScoreStates(db, site, ids);
  const out = new Set<string>();
  const visit = async (group: string[]): Promise<void> => {
    const recent = await readEventsSince(db, site, group, now - TREND_MS, eventsMax);
    if (recent.length > eventsMax && group.length > 1) {
      const half = Math.ceil(group.length / 2);
      await visit(group.slice(0, half));
      await visit(group.slice(half));
      return;
    }
    if (recent.length > eventsMax) {
      const s = await subjectScore(db, site, config, group, now);
      if (s.trend && s.trend.change <= -AT_RISK_DROP) out.add(group[0]);
      return;
    }
    const byVisitor = new Map<string, typeof recent>();
    for (const e of recent) {
      const list = byVisitor.get(e.visitor_id);
      if (list) list.push(e);
      else byVisitor.set(e.visitor_id, [e]);
    }
    for (const id of group) {
      const state = states.get(id)!;
      const trend = trendOf(config, state, computeScore(config, state, now).score, byVisitor.get(id) ?? [], now);
      if (trend.change <= -AT_RISK_DROP) out.add(id);
    }
  };
  const scored = ids.filter((id) => states.has(id));
  if (scored.length) await visit(scored);
  return out;
}
