import type { ScoreConfig } from '../score/scoreConfig';
import { personTrend, TREND_MS } from '../score/subjectScore';
import { readTrendInputs, type TrendInputs } from '../store/scoreState';

/** "Falling": the Happy Index dropped this much or more over the trend window. */
export const AT_RISK_DROP = 5;

/**
 * The subjects (key → member visitor ids, see store/subject.ts) whose Happy Index fell by
 * AT_RISK_DROP or more over 30 days (the built-in `at-risk` segment). One read of maintained state for
 * all of them (score_state, score_recent and the window's first day), however long their histories;
 * `read`: that read already made for (at least) these members since now − TREND_MS.
 */
export async function fallingSubjects(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  subjects: Map<string, string[]>,
  now: number,
  read?: Promise<TrendInputs>,
): Promise<Set<string>> {
  const inputs = await (read ?? readTrendInputs(db, site, [...new Set([...subjects.values()].flat())], now - TREND_MS));
  const out = new Set<string>();
  for (const [subject, members] of subjects) {
    if (!members.some((id) => inputs.state.has(id))) continue;
    if (personTrend(config, inputs, members, now).trend.change <= -AT_RISK_DROP) out.add(subject);
  }
  return out;
}
