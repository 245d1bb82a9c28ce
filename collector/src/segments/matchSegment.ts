import { computeScore } from '../score/computeScore';
import type { ScoreConfig } from '../score/scoreConfig';
import { readScoreStates } from '../store/scoreState';
import {
  customerTraits,
  latestNps,
  newsletterOnlyVisitors,
  sessionCounts,
  visitorsFromCampaign,
  visitorsWithEvent,
} from '../store/segments';
import type { VisitorSummary } from '../store/visitors';
import { BUILTIN_NAMES, type BuiltinSegment } from './builtinSegments';
import { fallingVisitors } from './fallingVisitors';
import type { SegmentCondition, SegmentRule } from './segmentRule';

const DAY = 86_400_000;

export type SegmentSpec = { builtin: BuiltinSegment } | { rule: SegmentRule };

/** The visitors of `page` that belong to the segment, evaluated with one query per fact a rule needs. */
export async function matchSegment(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  spec: SegmentSpec,
  page: VisitorSummary[],
  now = Date.now(),
): Promise<Set<string>> {
  const rule: SegmentRule = 'builtin' in spec ? { all: [{ segment: spec.builtin }] } : spec.rule;
  let members = page;
  for (const condition of rule.all) {
    if (!members.length) break;
    const keep = await matchCondition(db, site, config, condition, members, now);
    members = members.filter((v) => keep.has(v.visitorId));
  }
  return new Set(members.map((v) => v.visitorId));
}

async function matchCondition(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  c: SegmentCondition,
  page: VisitorSummary[],
  now: number,
): Promise<Set<string>> {
  const ids = page.map((v) => v.visitorId);
  const where = (test: (v: VisitorSummary) => boolean) => new Set(page.filter(test).map((v) => v.visitorId));
  if ('score' in c) {
    const states = await readScoreStates(db, site, ids);
    return where((v) => {
      const { score } = computeScore(config, states.get(v.visitorId) ?? [], now);
      return score >= (c.score.min ?? 0) && score <= (c.score.max ?? 100);
    });
  }
  if ('did' in c || 'didNot' in c) {
    const m = 'did' in c ? c.did : c.didNot;
    const did = await visitorsWithEvent(db, site, ids, m.type, m.name ?? null, now - m.withinDays * DAY);
    return where((v) => did.has(v.visitorId) === 'did' in c);
  }
  if ('trait' in c) {
    const traits = await customerTraits(db, site, [...new Set(page.flatMap((v) => (v.customerId ? [v.customerId] : [])))]);
    return where((v) => v.customerId !== null && traits.get(v.customerId)?.[c.trait.key] === c.trait.equals);
  }
  if ('campaign' in c) return visitorsFromCampaign(db, site, ids, c.campaign);
  return matchBuiltin(db, site, config, c.segment, page, now);
}

/**
 * Every built-in segment's members among `page`, for callers that list them all (visitor exports, the
 * daily snapshot): the built-ins that need the same fact (the NPS family, new/returning) read it once.
 */
export async function builtinMemberships(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  page: VisitorSummary[],
  now = Date.now(),
): Promise<Map<BuiltinSegment, Set<string>>> {
  const facts: PageFacts = {};
  return new Map(await Promise.all(BUILTIN_NAMES.map(async (name) => [name, await matchBuiltin(db, site, config, name, page, now, facts)] as const)));
}

/** Fact reads of one page, shared between built-ins (each is read on first use). */
interface PageFacts {
  nps?: Promise<Map<string, number>>;
  sessions?: Promise<Map<string, number>>;
}

async function matchBuiltin(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  name: BuiltinSegment,
  page: VisitorSummary[],
  now: number,
  facts: PageFacts = {},
): Promise<Set<string>> {
  const ids = page.map((v) => v.visitorId);
  const where = (test: (v: VisitorSummary) => boolean) => new Set(page.filter(test).map((v) => v.visitorId));
  switch (name) {
    case 'nps-promoters':
    case 'nps-passives':
    case 'nps-detractors': {
      const nps = await (facts.nps ??= latestNps(db, site, ids));
      const [lo, hi] = name === 'nps-promoters' ? [9, 10] : name === 'nps-passives' ? [7, 8] : [0, 6];
      return where((v) => {
        const x = nps.get(v.visitorId);
        return x !== undefined && x >= lo && x <= hi;
      });
    }
    case 'engaged':
      return where((v) => now - v.lastSeen <= 7 * DAY);
    case 'cooling':
      return where((v) => now - v.lastSeen > 7 * DAY && now - v.lastSeen <= 30 * DAY);
    case 'dormant':
      return where((v) => now - v.lastSeen > 30 * DAY);
    case 'new':
    case 'returning': {
      const sessions = await (facts.sessions ??= sessionCounts(db, site, ids));
      return where((v) => ((sessions.get(v.visitorId) ?? 0) > 1) === (name === 'returning'));
    }
    case 'at-risk':
      return fallingVisitors(db, site, config, ids, now);
    case 'newsletter-only':
      return newsletterOnlyVisitors(db, site, ids);
  }
}
