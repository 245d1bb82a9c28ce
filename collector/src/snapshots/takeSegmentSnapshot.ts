import { BUILTIN_NAMES, type BuiltinSegment } from '../segments/builtinSegments';
import { builtinMemberships } from '../segments/matchSegment';
import { scoreSummary } from '../store/overview';
import { membersCte, SCORE_MAX_AGE_MS, scorePeople } from '../store/people';
import { getScoreConfig } from '../store/scoreConfig';
import { listSiteIds, readMembershipBefore, writeMembershipStatement, writeSnapshotDay } from '../store/segmentSnapshots';
import { finishRunStatement, openRuns, saveRunStatement, startRun, type SnapshotRun } from '../store/snapshotRuns';
import type { VisitorSummary } from '../store/visitors';

const DAY = 86_400_000;
/** People per step: one page of segment facts. */
const PAGE = 200;
/** A cron invocation goes on with a run for about this long, then leaves the rest to the next minute. */
const STEP_BUDGET_MS = 20_000;

/** Built-ins that exclude each other: someone leaving one for another is a move between them. */
export const SEGMENT_FAMILIES: readonly (readonly BuiltinSegment[])[] = [
  ['nps-promoters', 'nps-passives', 'nps-detractors'],
  ['engaged', 'cooling', 'dormant'],
  ['new', 'returning'],
];
/** A move from or to no segment of a family (first NPS answer, first snapshot of a visitor). */
export const NONE = '-';

/**
 * Snapshots a site's built-in segment membership for the UTC day of `now`, per person (store/people.ts
 * rows, walked by key; `segment_membership` is keyed by the person's key): size per segment in people,
 * who entered or left each since the last snapshot of an earlier day, and moves within a family. Also the
 * day's average Happy Index over people seen in the last 30 days (the overview's trend).
 * Runs to the end (POST …/segments/snapshots); running it again the same day replaces that day's figures.
 */
export async function takeSegmentSnapshot(db: D1Database, site: string, now = Date.now()) {
  return (await continueSnapshot(db, await startSnapshot(db, site, now), Infinity))!;
}

/** The daily cron: starts every site's run for the day, then goes on as every minute. */
export async function takeAllSegmentSnapshots(db: D1Database, now = Date.now(), budgetMs = STEP_BUDGET_MS) {
  for (const site of await listSiteIds(db)) await startSnapshot(db, site, now);
  await continueSegmentSnapshots(db, budgetMs);
}

/** The per-minute cron: the runs not finished yet, oldest first, for about `budgetMs` in all (at least one page). */
export async function continueSegmentSnapshots(db: D1Database, budgetMs = STEP_BUDGET_MS) {
  const end = Date.now() + budgetMs;
  for (const run of await openRuns(db)) {
    await continueSnapshot(db, run, end - Date.now());
    if (Date.now() >= end) break;
  }
}

async function startSnapshot(db: D1Database, site: string, now: number): Promise<SnapshotRun> {
  const sizes = BUILTIN_NAMES.map((s) => ({ segment: s, size: 0, entered: 0, left: 0 }));
  const run: SnapshotRun = { site, day: Math.floor(now / DAY) * DAY, takenAt: now, cursor: '', visitors: 0, people: 0, sizes, moves: {} };
  await startRun(db, run);
  return run;
}

/**
 * Steps through a run's people a page at a time, each page's memberships and the sums in one
 * transaction (guarded by the cursor, so two invocations never count a page twice), until the people
 * end (then the day's figures are written and returned) or `budgetMs` has passed (null).
 */
async function continueSnapshot(db: D1Database, run: SnapshotRun, budgetMs: number) {
  const started = Date.now();
  const { config } = await getScoreConfig(db, run.site);
  for (;;) {
    const page = await peoplePage(db, run.site, run.cursor);
    if (!page.length) break;
    const devices = page.filter((p) => p.device).map((p) => p.device!);
    const members = await builtinMemberships(db, run.site, config, devices, run.takenAt);
    const before = await readMembershipBefore(db, run.site, run.day, devices.map((d) => d.person));
    const rows = devices.map((d) => ({ visitorId: d.person, segments: BUILTIN_NAMES.filter((s) => members.get(s)!.has(d.visitorId)) }));
    const from = run.cursor;
    tally(run, rows, before);
    run.visitors += page.reduce((n, p) => n + p.devices, 0);
    run.people += devices.length;
    run.cursor = page.at(-1)!.person;
    const [, saved] = await db.batch([writeMembershipStatement(db, run.site, run.day, rows), saveRunStatement(db, run, from)]);
    if (!saved.meta.changes) return null; // another invocation is on this run
    if (page.length < PAGE) break;
    if (Date.now() - started > budgetMs) return null;
  }
  // The day's average over fresh scores: every person changed since, or scored over an hour before the run.
  await scorePeople(db, run.site, config, run.takenAt, { olderThan: run.takenAt - SCORE_MAX_AGE_MS });
  const score = await scoreSummary(db, run.site, config, run.takenAt - 30 * DAY, run.takenAt);
  const moves = Object.entries(run.moves).map(([key, people]) => {
    const [from, to] = key.split('\n');
    return { from, to, people };
  });
  await writeSnapshotDay(db, run.site, run.day, run.sizes, moves, score);
  await finishRunStatement(db, run).run();
  return { day: run.day, visitors: run.visitors, people: run.people, segments: run.sizes, moves, score: { people: score.people, average: score.average } };
}

/** Adds a page's people to the run's sizes, entries, exits and moves. */
function tally(run: SnapshotRun, rows: { visitorId: string; segments: string[] }[], before: Map<string, string[]>) {
  const sizes = new Map(run.sizes.map((s) => [s.segment, s]));
  for (const { visitorId, segments } of rows) {
    const was = before.get(visitorId);
    for (const s of segments) sizes.get(s)!.size++;
    if (!was) continue;
    for (const s of segments) if (!was.includes(s)) sizes.get(s)!.entered++;
    for (const s of was) if (!segments.includes(s) && sizes.has(s)) sizes.get(s)!.left++;
    for (const family of SEGMENT_FAMILIES) {
      const from = family.find((s) => was.includes(s)) ?? NONE;
      const to = family.find((s) => segments.includes(s)) ?? NONE;
      if (from !== to) run.moves[`${from}\n${to}`] = (run.moves[`${from}\n${to}`] ?? 0) + 1;
    }
  }
}

/**
 * The next PAGE person keys after `cursor`, each with its most recently seen device (which stands for
 * the person: membership is evaluated over all of its devices) and how many devices it has. A key left
 * with no device (its row not yet removed) has none and counts for nothing.
 */
async function peoplePage(db: D1Database, site: string, cursor: string) {
  const { results } = await db
    .prepare(
      `WITH ${membersCte('SELECT visitor_id AS person FROM people WHERE site = ?1 AND visitor_id > ?2 ORDER BY visitor_id LIMIT ?3')},
       ranked AS (SELECT m.*, row_number() OVER (PARTITION BY person ORDER BY last_seen DESC, visitor_id DESC) AS n,
                         count(*) OVER (PARTITION BY person) AS devices FROM members m)
       SELECT k.person, r.visitor_id, r.customer_id, r.first_seen, r.last_seen, r.events, coalesce(r.devices, 0) AS devices
       FROM member_keys k LEFT JOIN ranked r ON r.person = k.person AND r.n = 1 ORDER BY k.person`,
    )
    .bind(site, cursor, PAGE)
    .all<{ person: string; visitor_id: string | null; customer_id: string | null; first_seen: number; last_seen: number; events: number; devices: number }>();
  return results.map((r) => ({
    person: r.person,
    devices: r.devices,
    device:
      r.visitor_id === null
        ? null
        : ({ person: r.person, visitorId: r.visitor_id, customerId: r.customer_id, firstSeen: r.first_seen, lastSeen: r.last_seen, events: r.events } satisfies VisitorSummary & { person: string }),
  }));
}
