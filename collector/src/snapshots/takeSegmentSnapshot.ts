import { BUILTIN_NAMES, type BuiltinSegment } from '../segments/builtinSegments';
import { builtinMemberships } from '../segments/matchSegment';
import { scoreSummary } from '../store/overview';
import { SCORE_MAX_AGE_MS, scorePeople } from '../store/people';
import { getScoreConfig } from '../store/scoreConfig';
import { listSiteIds, readMembershipBefore, writeMembership, writeSnapshotDay, type SegmentDay } from '../store/segmentSnapshots';
import { subjectKey } from '../store/subject';
import { listVisitors } from '../store/visitors';

const DAY = 86_400_000;
const PAGE = 200;
/** A snapshot looks at this many most recently seen visitors at most (bounded cron work). */
const SNAPSHOT_MAX = 50_000;

/** Built-ins that exclude each other: someone leaving one for another is a move between them. */
export const SEGMENT_FAMILIES: readonly (readonly BuiltinSegment[])[] = [
  ['nps-promoters', 'nps-passives', 'nps-detractors'],
  ['engaged', 'cooling', 'dormant'],
  ['new', 'returning'],
];
/** A move from or to no segment of a family (first NPS answer, first snapshot of a visitor). */
export const NONE = '-';

/**
 * Snapshots a site's built-in segment membership for the UTC day of `now`, per person
 * (store/subject.ts; `segment_membership` is keyed by the person's key): size per segment in people,
 * who entered or left each since the last snapshot of an earlier day, and moves within a family. Also the
 * day's average Happy Index over people seen in the last 30 days (the overview's trend).
 * Run daily by the cron; running it again the same day replaces that day's figures.
 */
export async function takeSegmentSnapshot(db: D1Database, site: string, now = Date.now()) {
  const day = Math.floor(now / DAY) * DAY;
  const { config } = await getScoreConfig(db, site);
  const sizes = new Map<string, SegmentDay>(BUILTIN_NAMES.map((s) => [s, { segment: s, size: 0, entered: 0, left: 0 }]));
  const moves = new Map<string, number>();
  let cursor: [number, string] | null = null;
  let visitors = 0;
  const seen = new Set<string>();
  while (visitors < SNAPSHOT_MAX) {
    const page = await listVisitors(db, site, PAGE, cursor);
    if (!page.length) break;
    visitors += page.length;
    cursor = [page.at(-1)!.lastSeen, page.at(-1)!.visitorId];
    const members = await builtinMemberships(db, site, config, page, now);
    // One row per person: the first of its devices in the walk stands for it (they all agree).
    const rows: { visitorId: string; segments: string[] }[] = [];
    for (const v of page) {
      const person = subjectKey(v);
      if (seen.has(person)) continue;
      seen.add(person);
      rows.push({ visitorId: person, segments: BUILTIN_NAMES.filter((s) => members.get(s)!.has(v.visitorId)) });
    }
    const before = await readMembershipBefore(db, site, day, rows.map((r) => r.visitorId));
    for (const { visitorId, segments } of rows) {
      const was = before.get(visitorId);
      for (const s of segments) sizes.get(s)!.size++;
      if (!was) continue;
      for (const s of segments) if (!was.includes(s)) sizes.get(s)!.entered++;
      for (const s of was) if (!segments.includes(s) && sizes.has(s)) sizes.get(s)!.left++;
      for (const family of SEGMENT_FAMILIES) {
        const from = family.find((s) => was.includes(s)) ?? NONE;
        const to = family.find((s) => segments.includes(s)) ?? NONE;
        if (from !== to) moves.set(`${from}\n${to}`, (moves.get(`${from}\n${to}`) ?? 0) + 1);
      }
    }
    await writeMembership(db, site, day, rows);
    if (page.length < PAGE) break;
  }
  // The day's average over fresh scores: every person changed since, or scored over an hour before `now`.
  await scorePeople(db, site, config, now, { olderThan: now - SCORE_MAX_AGE_MS });
  const score = await scoreSummary(db, site, config, now - 30 * DAY, now);
  const moveList = [...moves].map(([key, people]) => {
    const [from, to] = key.split('\n');
    return { from, to, people };
  });
  await writeSnapshotDay(db, site, day, [...sizes.values()], moveList, score);
  return { day, visitors, people: seen.size, segments: [...sizes.values()], moves: moveList, score: { people: score.people, average: score.average } };
}

/** The cron's part: every site, one after the other. */
export async function takeAllSegmentSnapshots(db: D1Database, now = Date.now()) {
  for (const site of await listSiteIds(db)) await takeSegmentSnapshot(db, site, now);
}
