import type { ScoreConfig } from '../score/scoreConfig';
import { matchSegment, type SegmentSpec } from '../segments/matchSegment';
import { readVisitorsByIds } from '../store/exports';
import type { Funnel } from '../store/goals';
import { funnelPeople, type FunnelPerson } from './funnelPeople';
import { splitFunnel, summariseFunnel } from './summariseFunnel';

/** Group names of a split by segment. */
export const IN_SEGMENT = 'in segment';
export const NOT_IN_SEGMENT = 'not in segment';

/**
 * A funnel over [from, to): every step for everyone who entered, and with a segment the same split into
 * its members and the rest. Membership is the person's (segments are evaluated per person, through the
 * visitor that entered), as of now.
 */
export async function funnelReport(
  db: D1Database,
  site: string,
  funnel: Funnel,
  from: number,
  to: number,
  segment?: { id: string; spec: SegmentSpec; config: ScoreConfig },
) {
  const people = await funnelPeople(db, site, funnel, from, to);
  const names = funnel.steps.map((s) => s.name);
  const report = { funnel, from, to, entered: people.length, steps: summariseFunnel(names, people) };
  if (!segment) return report;
  const groupOf = await segmentGroupOf(db, site, segment.spec, segment.config, people);
  return { ...report, split: { by: 'segment', segment: segment.id, groups: splitFunnel(names, people, groupOf) } };
}

/** person → "in segment" | "not in segment". */
async function segmentGroupOf(db: D1Database, site: string, spec: SegmentSpec, config: ScoreConfig, people: FunnelPerson[]) {
  const summaries = people.length ? await readVisitorsByIds(db, site, [...new Set(people.map((p) => p.visitorId))]) : [];
  const members = await matchSegment(db, site, config, spec, summaries);
  return (p: FunnelPerson) => (members.has(p.visitorId) ? IN_SEGMENT : NOT_IN_SEGMENT);
}
