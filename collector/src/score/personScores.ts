import { readScoreStates } from '../store/scoreState';
import { memberIds, resolveSubjects } from '../store/subject';
import type { VisitorSummary } from '../store/visitors';
import { computeScore, type HappyIndex } from './computeScore';
import { mergeStateRows } from './decay';
import type { ScoreConfig } from './scoreConfig';

/**
 * The Happy Index of each visitor's person (store/subject.ts), by visitor id: the state of every member
 * of each person, merged, as the customer card scores it. Two queries for a whole page.
 */
export async function personScores(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  page: VisitorSummary[],
  now: number,
): Promise<Map<string, HappyIndex>> {
  const people = await resolveSubjects(db, site, page);
  const states = await readScoreStates(db, site, memberIds(people));
  const bySubject = new Map(
    [...people.members].map(([subject, members]) => [subject, computeScore(config, mergeStateRows(members.flatMap((v) => states.get(v.visitorId) ?? [])), now)]),
  );
  return new Map(page.map((v) => [v.visitorId, bySubject.get(people.subjectOf.get(v.visitorId)!)!]));
}
