import { CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import { computeScore } from '../score/computeScore';
import { mergeStateRows } from '../score/decay';
import type { ScoreConfig } from '../score/scoreConfig';
import { readScoreStates, type TrendInputs } from '../store/scoreState';
import {
  customerTraits,
  eventCounts,
  latestNps,
  latestSurveyAnswers,
  newsletterReading,
  sessionsUpToTwo,
  visitorsFromCampaign,
  visitorsFromChannel,
} from '../store/segments';
import { clustersOf } from '../store/clusterings';
import { memberIds, resolveSubjects, type People } from '../store/subject';
import type { VisitorSummary } from '../store/visitors';
import { BUILTIN_NAMES, type BuiltinSegment } from './builtinSegments';
import { fallingSubjects } from './fallingSubjects';
import type { SegmentCondition, SegmentGroup, SegmentRule } from './segmentRule';

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
  const subjects = await matchNode(db, site, config, rule, people, [...people.members.keys()], now);
  return visitorsOf(people, page, subjects);
}

/**
 * The subjects matching a rule or group: `all` narrows the candidates condition by condition, `any`
 * tests each item only on the subjects no earlier item matched, so each fact is read for as few people
 * as possible.
 */
async function matchNode(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  node: SegmentRule | SegmentGroup | SegmentCondition,
  people: People,
  subjects: string[],
  now: number,
): Promise<Set<string>> {
  if ('all' in node) {
    let left = subjects;
    for (const item of node.all) {
      if (!left.length) break;
      const keep = await matchNode(db, site, config, item, people, left, now);
      left = left.filter((s) => keep.has(s));
    }
    return new Set(left);
  }
  if ('any' in node) {
    const matched = new Set<string>();
    let left = subjects;
    for (const item of node.any) {
      if (!left.length) break;
      for (const s of await matchNode(db, site, config, item, people, left, now)) matched.add(s);
      left = left.filter((s) => !matched.has(s));
    }
    return matched;
  }
  if (!subjects.length) return new Set();
  return matchCondition(db, site, config, node, people, subjects, now);
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
  if ('band' in c) {
    const states = await readScoreStates(db, site, ids);
    return where((s) => computeScore(config, mergeStateRows(people.members.get(s)!.flatMap((v) => states.get(v.visitorId) ?? [])), now).band === c.band);
  }
  if ('did' in c || 'didNot' in c) {
    const m = 'did' in c ? c.did : c.didNot;
    const counts = await eventCounts(db, site, ids, m.type, m.name ?? null, now - m.withinDays * DAY);
    // Counted over all the person's devices: 2 on the phone and 1 on the laptop is 3.
    const count = (s: string) => people.members.get(s)!.reduce((n, v) => n + (counts.get(v.visitorId) ?? 0), 0);
    return where((s) => count(s) >= (m.atLeast ?? 1) === 'did' in c);
  }
  if ('firstSeen' in c || 'lastSeen' in c) {
    const w = 'firstSeen' in c ? c.firstSeen : c.lastSeen;
    const at = (s: string) => {
      const times = people.members.get(s)!.map((v) => ('firstSeen' in c ? v.firstSeen : v.lastSeen));
      return 'firstSeen' in c ? Math.min(...times) : Math.max(...times);
    };
    return where((s) => {
      const age = now - at(s);
      return (w.withinDays === undefined || age <= w.withinDays * DAY) && (w.olderThanDays === undefined || age > w.olderThanDays * DAY);
    });
  }
  if ('answered' in c) {
    const a = c.answered;
    const answers = await latestSurveyAnswers(db, site, ids, a.survey, a.question ?? null, a.withinDays === undefined ? 0 : now - a.withinDays * DAY);
    const ranged = a.min !== undefined || a.max !== undefined;
    const inRange = (value: unknown) => {
      if (!ranged) return true;
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) && n >= (a.min ?? -Infinity) && n <= (a.max ?? Infinity);
    };
    return where((s) => {
      // The person's latest answer to each question, on whichever device or channel it came.
      const latest = new Map<string, { value: unknown; ts: number }>();
      for (const v of people.members.get(s)!) {
        for (const [question, answer] of answers.get(v.visitorId) ?? []) {
          const seen = latest.get(question);
          if (!seen || answer.ts > seen.ts) latest.set(question, answer);
        }
      }
      return [...latest.values()].some((answer) => inRange(answer.value));
    });
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
  if ('channel' in c) {
    // Any of the person's devices: a customer who came by e-mail on the phone came by e-mail.
    const since = c.channel.withinDays === undefined ? 0 : now - c.channel.withinDays * DAY;
    return subjectsWith(people, subjects, await visitorsFromChannel(db, site, ids, c.channel.is, since));
  }
  if ('campaign' in c) return subjectsWith(people, subjects, await visitorsFromCampaign(db, site, ids, c.campaign));
  return matchBuiltin(db, site, config, c.segment, people, subjects, now);
}

const subjectMemberIds = (people: People, subjects: string[]) => [...new Set(subjects.flatMap((s) => people.members.get(s)!.map((v) => v.visitorId)))];

/**
 * Every built-in segment's members among `page`, for callers that list them all (visitor exports, the
 * daily snapshot, a card): the subjects are resolved once (or passed in as `resolved`, from
 * resolveSubjects of the same page), and built-ins that need the same fact (the NPS family,
 * new/returning) read it once. `read`: facts of every member the caller read already (a card reads
 * them all in one round trip, store/scoreCard.ts); the others are read here.
 */
export async function builtinMemberships(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  page: VisitorSummary[],
  now = Date.now(),
  resolved?: People,
  read: PageFacts = {},
): Promise<Map<BuiltinSegment, Set<string>>> {
  const people = resolved ?? (await resolveSubjects(db, site, page));
  const subjects = [...people.members.keys()];
  const facts: PageFacts = { ...read };
  return new Map(
    await Promise.all(
      BUILTIN_NAMES.map(async (name) => [name, visitorsOf(people, page, await matchBuiltin(db, site, config, name, people, subjects, now, facts))] as const),
    ),
  );
}

/** Fact reads of one page's members, shared between built-ins (each is read on first use). */
export interface PageFacts {
  nps?: Promise<Map<string, { value: number; ts: number }>>;
  sessions?: Promise<Map<string, number>>; // up to two per visitor
  newsletter?: Promise<Map<string, { read: boolean; viewed: boolean }>>;
  /** readTrendInputs of every member since now − TREND_MS. */
  trend?: Promise<TrendInputs>;
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
      const sessions = await (facts.sessions ??= sessionsUpToTwo(db, site, memberIds(people)));
      // Browser sessions count; server-side `customer:<id>` events only for someone with no browser.
      const counted = (s: string) => {
        const browsers = members(s).filter((v) => !v.visitorId.startsWith(CUSTOMER_VISITOR_PREFIX));
        return (browsers.length ? browsers : members(s)).reduce((n, v) => n + (sessions.get(v.visitorId) ?? 0), 0);
      };
      return where((s) => counted(s) > 1 === (name === 'returning'));
    }
    case 'at-risk':
      return fallingSubjects(db, site, config, new Map(subjects.map((s) => [s, members(s).map((v) => v.visitorId)])), now, facts.trend);
    case 'newsletter-only': {
      const reading = await (facts.newsletter ??= newsletterReading(db, site, ids));
      return where((s) => members(s).some((v) => reading.get(v.visitorId)?.read) && !members(s).some((v) => reading.get(v.visitorId)?.viewed));
    }
  }
}
