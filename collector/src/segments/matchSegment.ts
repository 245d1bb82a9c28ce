import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import { computeScore } from '../score/computeScore';
import { mergeStateRows } from '../score/decay';
import type { ScoreConfig } from '../score/scoreConfig';
import { readScoreStates } from '../store/scoreState';
import {
  customerTraits,
  latestNps,
  newsletterReading,
  sessionCounts,
  visitorsFromCampaign,
  visitorsWithEvent,
} from '../store/segments';
import { clustersOf } from '../store/clusterings';
import { memberIds, resolveSubjects, type People } from '../store/subject';
import type { VisitorSummary } from '../store/visitors';
import { BUILTIN_NAMES, type BuiltinSegment } from './builtinSegments';
import { fallingSubjects } from './fallingSubjects';
import type { SegmentCondition, SegmentRule } from './segmentRule';

const DAY = 86_400_000;

export type SegmentSpec = { builtin: BuiltinSegment } | { rule: SegmentRule };

/**
 * The visitors of `page` that belong to the segment. Membership is a fact about the person
 * (store/subject.ts): every device of a customer is in or out together, evaluated over all of them.
 * One query per fact a rule needs.
 */
export async function matchSegment(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  spec: SegmentSpec,
  page: VisitorSummary[],
  now = Date.now(),
): Promise<Set<string>> {
  const people = await resolveSubjects(db, site, page);
  const rule: SegmentRule = 'builtin' in spec ? { all: [{ segment: spec.builtin }] } : spec.rule;
  let subjects = [...people.members.keys()];
  for (const condition of rule.all) {
    if (!subjects.length) break;
    const keep = await matchCondition(db, site, config, condition, people, subjects, now);
    subjects = subjects.filter((s) => keep.has(s));
  }
  return visitorsOf(people, page, new Set(subjects));
}

const visitorsOf = (people: People, page: VisitorSummary[], subjects: Set<string>) =>
  new Set(page.filter((v) => subjects.has(people.subjectOf.get(v.visitorId)!)).map((v) => v.visitorId));

/** The subjects having a member in `visitorIds`. */
const subjectsWith = (people: People, subjects: string[], visitorIds: Set<string>) =>
  new Set(subjects.filter((s) => people.members.get(s)!.some((v) => visitorIds.has(v.visitorId))));

async function matchCondition(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  c: SegmentCondition,
  people: People,
  subjects: string[],
  now: number,
): Promise<Set<string>> {
  const ids = subjectMemberIds(people, subjects);
  const where = (test: (subject: string) => boolean) => new Set(subjects.filter(test));
  if ('score' in c) {
    const states = await readScoreStates(db, site, ids);
    return where((s) => {
      const { score } = computeScore(config, mergeStateRows(people.members.get(s)!.flatMap((v) => states.get(v.visitorId) ?? [])), now);
      return score >= (c.score.min ?? 0) && score <= (c.score.max ?? 100);
    });
  }
  if ('did' in c || 'didNot' in c) {
    const m = 'did' in c ? c.did : c.didNot;
    const did = subjectsWith(people, subjects, await visitorsWithEvent(db, site, ids, m.type, m.name ?? null, now - m.withinDays * DAY));
    return where((s) => did.has(s) === 'did' in c);
  }
  if ('trait' in c) {
    const customerIds = [...new Set(subjects.flatMap((s) => people.customerOf.get(s) ?? []))];
    const traits = await customerTraits(db, site, customerIds);
    return where((s) => {
      const customer = people.customerOf.get(s);
      return customer != null && traits.get(customer)?.[c.trait.key] === c.trait.equals;
    });
  }
  if ('cluster' in c) {
    // Memberships are stored per person key, which is the subject key.
    const clusters = await clustersOf(db, site, subjects);
    return where((s) => clusters.get(s) === c.cluster);
  }
  if ('campaign' in c) return subjectsWith(people, subjects, await visitorsFromCampaign(db, site, ids, c.campaign));
  return matchBuiltin(db, site, config, c.segment, people, subjects, now);
}

const subjectMemberIds = (people: People, subjects: string[]) => [...new Set(subjects.flatMap((s) => people.members.get(s)!.map((v) => v.visitorId)))];

/**
 * Every built-in segment's members among `page`, for callers that list them all (visitor exports, the
 * daily snapshot, a card): the subjects are resolved once, and built-ins that need the same fact (the
 * NPS family, new/returning) read it once.
 */
export async function builtinMemberships(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  page: VisitorSummary[],
  now = Date.now(),
): Promise<Map<BuiltinSegment, Set<string>>> {
  const people = await resolveSubjects(db, site, page);
  const subjects = [...people.members.keys()];
  const facts: PageFacts = {};
  return new Map(
    await Promise.all(
      BUILTIN_NAMES.map(async (name) => [name, visitorsOf(people, page, await matchBuiltin(db, site, config, name, people, subjects, now, facts))] as const),
    ),
  );
}

/** Fact reads of one page, shared between built-ins (each is read on first use). */
interface PageFacts {
  nps?: Promise<Map<string, { value: number; ts: number }>>;
  sessions?: Promise<Map<string, number>>;
}

async function matchBuiltin(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  name: BuiltinSegment,
  people: People,
  subjects: string[],
  now: number,
  facts: PageFacts = {},
): Promise<Set<string>> {
  const ids = subjectMemberIds(people, subjects);
  const members = (s: string) => people.members.get(s)!;
  const where = (test: (subject: string) => boolean) => new Set(subjects.filter(test));
  const lastSeen = (s: string) => Math.max(...members(s).map((v) => v.lastSeen));
  switch (name) {
    case 'nps-promoters':
    case 'nps-passives':
    case 'nps-detractors': {
      const nps = await (facts.nps ??= latestNps(db, site, memberIds(people)));
      const [lo, hi] = name === 'nps-promoters' ? [9, 10] : name === 'nps-passives' ? [7, 8] : [0, 6];
      return where((s) => {
        // The person's latest answer, on whichever device or channel it came.
        let latest: { value: number; ts: number } | undefined;
        for (const v of members(s)) {
          const a = nps.get(v.visitorId);
          if (a && (!latest || a.ts > latest.ts)) latest = a;
        }
        return latest !== undefined && latest.value >= lo && latest.value <= hi;
      });
    }
    case 'engaged':
      return where((s) => now - lastSeen(s) <= 7 * DAY);
    case 'cooling':
      return where((s) => now - lastSeen(s) > 7 * DAY && now - lastSeen(s) <= 30 * DAY);
    case 'dormant':
      return where((s) => now - lastSeen(s) > 30 * DAY);
    case 'new':
    case 'returning': {
      const sessions = await (facts.sessions ??= sessionCounts(db, site, memberIds(people)));
      // Browser sessions count; server-side `customer:<id>` events only for someone with no browser.
      const counted = (s: string) => {
        const browsers = members(s).filter((v) => !v.visitorId.startsWith(CUSTOMER_VISITOR_PREFIX));
        return (browsers.length ? browsers : members(s)).reduce((n, v) => n + (sessions.get(v.visitorId) ?? 0), 0);
      };
      return where((s) => counted(s) > 1 === (name === 'returning'));
    }
    case 'at-risk':
      return fallingSubjects(db, site, config, new Map(subjects.map((s) => [s, members(s).map((v) => v.visitorId)])), now);
    case 'newsletter-only': {
      const reading = await newsletterReading(db, site, ids);
      return where((s) => members(s).some((v) => reading.get(v.visitorId)?.read) && !members(s).some((v) => reading.get(v.visitorId)?.viewed));
    }
  }
}
