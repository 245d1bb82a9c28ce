import type { ScoreConfig } from '../score/scoreConfig';
import type { People } from '../store/subject';
import type { VisitorSummary } from '../store/visitors';
import type { BuiltinSegment } from './builtinSegments';
import { builtinMemberships, type PageFacts } from './matchSegment';

/** The built-in segments of the person behind `row` (a card shows them; lists and exports agree); `people` (resolveSubjects([row])) and `facts` (of its members): when the caller has them. */
export async function subjectSegments(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  row: VisitorSummary,
  now: number,
  people?: People,
  facts?: PageFacts,
): Promise<BuiltinSegment[]> {
  const memberships = await builtinMemberships(db, site, config, [row], now, people, facts);
  return [...memberships].filter(([, m]) => m.has(row.visitorId)).map(([name]) => name);
}
