import { computeScore } from '../score/computeScore';
import { mergeStateRows } from '../score/decay';
import type { ScoreConfig } from '../score/scoreConfig';
import { subjectScore, TREND_MS, trendOf } from '../score/subjectScore';
import { readEventsSince, readScoreStates } from '../store/scoreState';

/** "Falling": the Happy Index dropped this much or more over the trend window. */
export const AT_RISK_DROP = 5;
/** Window events read at once for a group of people. */
export const AT_RISK_EVENTS_MAX = 20_000;

/**
 * The subjects (key → member visitor ids, see store/subject.ts) whose Happy Index fell by
 * AT_RISK_DROP or more over 30 days (the built-in `at-risk` segment). The trend needs the window's
 * events of every member: one query per group of people with score state; a group whose window holds
 * more than `eventsMax` events is halved, down to one person (whose trend is then read on its own), so
 * a busy page costs a few queries, not one per person.
 */
export async function fallingSubjects(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  subjects: Map<string, string[]>,
  now: number,
  eventsMax = AT_RISK_EVENTS_MAX,
): Promise<Set<string>> {
  const states = await readScoreStates(db, site, [...new Set([...subjects.values()].flat())]);
  const out = new Set<string>();
  const visit = async (group: string[]): Promise<void> => {
    const ids = group.flatMap((s) => subjects.get(s)!);
    const recent = await readEventsSince(db, site, ids, now - TREND_MS, eventsMax);
    if (recent.length > eventsMax && group.length > 1) {
      const half = Math.ceil(group.length / 2);
      await visit(group.slice(0, half));
      await visit(group.slice(half));
      return;
    }
    if (recent.length > eventsMax) {
      const s = await subjectScore(db, site, config, ids, now);
      if (s.trend && s.trend.change <= -AT_RISK_DROP) out.add(group[0]);
      return;
    }
    const byVisitor = new Map<string, typeof recent>();
    for (const e of recent) {
      const list = byVisitor.get(e.visitor_id);
      if (list) list.push(e);
      else byVisitor.set(e.visitor_id, [e]);
    }
    for (const subject of group) {
      const members = subjects.get(subject)!;
      const state = mergeStateRows(members.flatMap((id) => states.get(id) ?? []));
      const events = members.flatMap((id) => byVisitor.get(id) ?? []);
      const trend = trendOf(config, state, computeScore(config, state, now).score, events, now);
      if (trend.change <= -AT_RISK_DROP) out.add(subject);
    }
  };
  const scored = [...subjects].filter(([, ids]) => ids.some((id) => states.has(id))).map(([s]) => s);
  if (scored.length) await visit(scored);
  return out;
}
