import type { ScoreConfig } from '../score/scoreConfig';
import type { VisitorSummary } from '../store/visitors';
import type { BuiltinSegment } from './builtinSegments';
import { builtinMemberships } from './matchSegment';

/** The built-in segments of the person behind `row` (a card shows them; lists and exports agree). */
export async function subjectSegments(db: D1Database, site: string, config: ScoreConfig, row: VisitorSummary, now: number): Promise<BuiltinSegment[]> {
  const memberships = await builtinMemberships(db, site, config, [row], now);
  return [...memberships].filter(([, m]) => m.has(row.visitorId)).map(([name]) => name);
}
