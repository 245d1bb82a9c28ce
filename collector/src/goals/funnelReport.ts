import type { ScoreConfig } from '../score/scoreConfig';
import { matchSegment, type SegmentSpec } from '../segments/matchSegment';
import { readVisitorsByIds } from '../store/exports';
import type { Funnel } from '../store/goals';
import { channelGroupLabel, channelGroupOf } from './funnelChannels';
import { funnelPeople, type FunnelPerson } from './funnelPeople';
import { splitFunnel, summariseFunnel } from './summariseFunnel';

/** Group names of a split by segment. */
export const IN_SEGMENT = 'in segment';
export const NOT_IN_SEGMENT = 'not in segment';

/** How to split a funnel report: into a segment's members and the rest, or by the entering session's channel. */
export type FunnelSplit = { by: 'segment'; id: string; spec: SegmentSpec; config: ScoreConfig } | { by: 'channel' };

/**
 * A funnel over [from, to): every step for everyone who entered, and with a split the same per group.
 * Segment membership is the person's (segments are evaluated per person, through the visitor that
 * entered), as of now; the channel is that of the session the person entered the funnel in.
 */
export async function funnelReport(
  db: D1Database,
  site: string,
  funnel: Funnel,
  from: number,
  to: number,
  split?: FunnelSplit,
) {
  const people = await funnelPeople(db, site, funnel, from, to);
  const names = funnel.steps.map((s) => s.name);
  const report = { funnel, from, to, entered: people.length, steps: summariseFunnel(names, people) };
  if (!split) return report;
  if (split.by === 'channel') {
    const groups = splitFunnel(names, people, await channelGroupOf(db, site, people));
    return { ...report, split: { by: 'channel', groups: groups.map((g) => ({ ...g, label: channelGroupLabel(g.group) })) } };
  }
  const groupOf = await segmentGroupOf(db, site, split.spec, split.config, people);
  return { ...report, split: { by: 'segment', segment: split.id, groups: splitFunnel(names, people, groupOf) } };
}

/** person → "in segment" | "not in segment". */
async function segmentGroupOf(db: D1Database, site: string, spec: SegmentSpec, config: ScoreConfig, people: FunnelPerson[]) {
  const summaries = people.length ? await readVisitorsByIds(db, site, [...new Set(people.map((p) => p.visitorId))]) : [];
  const members = await matchSegment(db, site, config, spec, summaries);
  return (p: FunnelPerson) => (members.has(p.visitorId) ? IN_SEGMENT : NOT_IN_SEGMENT);
}
