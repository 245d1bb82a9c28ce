import { matchSegment } from '../segments/matchSegment';
import { isBuiltin } from '../segments/builtinSegments';
import { getScoreConfig } from '../store/scoreConfig';
import { getSegment } from '../store/segments';
import { getVisitors } from '../store/visitors';

/**
 * The ids of active surveys targeted at a segment (targeting.segment) that this visitor belongs to.
 * Only survey ids leave the collector, never segment names or scores: the endpoint is public, and
 * /surveys/active shows such a survey's segment as a bare flag (`segment: true`).
 * A saved segment that no longer exists matches nobody.
 */
export async function segmentSurveys(
  db: D1Database,
  site: string,
  visitorId: string,
  targeted: { id: string; segment: string }[],
): Promise<string[]> {
  if (!targeted.length) return [];
  const [visitor] = await getVisitors(db, site, [visitorId]);
  if (!visitor) return [];
  const { config } = await getScoreConfig(db, site);
  const member = new Map<string, boolean>();
  for (const name of new Set(targeted.map((s) => s.segment))) {
    const saved = isBuiltin(name) ? null : await getSegment(db, site, name);
    const spec = isBuiltin(name) ? { builtin: name } : saved ? { rule: saved.rule } : null;
    member.set(name, spec ? (await matchSegment(db, site, config, spec, [visitor])).has(visitorId) : false);
  }
  return targeted.filter((s) => member.get(s.segment)).map((s) => s.id);
}
