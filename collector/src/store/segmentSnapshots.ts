/** Daily segment snapshots (migration 0011): sizes, entries/exits, moves within a family, score per day. */

export interface Membership {
  visitorId: string;
  /** Segments at the last snapshot taken on an earlier day than `day` (null: never snapshotted). */
  before: string[] | null;
}

/** For each person key (store/subject.ts), the segments of the latest snapshot from a day before `day`. */
export async function readMembershipBefore(db: D1Database, site: string, day: number, visitorIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!visitorIds.length) return out;
  const { results } = await db
    .prepare(
      `SELECT m.visitor_id, CASE WHEN m.day < ?3 THEN m.segments ELSE m.previous END AS segments
       FROM json_each(?2) j CROSS JOIN segment_membership m ON m.site = ?1 AND m.visitor_id = j.value`,
    )
    .bind(site, JSON.stringify(visitorIds), day)
    .all<{ visitor_id: string; segments: string | null }>();
  for (const r of results) if (r.segments !== null) out.set(r.visitor_id, JSON.parse(r.segments));
  return out;
}

/** Stores a page of people's current segments (by person key), keeping what an earlier day said as `previous`. */
export function writeMembershipStatement(db: D1Database, site: string, day: number, rows: { visitorId: string; segments: string[] }[]) {
  return db
    .prepare(
      `INSERT INTO segment_membership (site, visitor_id, segments, day, previous)
       SELECT ?1, value->>'visitorId', json(value->'segments'), ?2, NULL FROM json_each(?3) WHERE true
       ON CONFLICT (site, visitor_id) DO UPDATE SET
         previous = CASE WHEN day < excluded.day THEN segments ELSE previous END,
         segments = excluded.segments, day = excluded.day`,
    )
    .bind(site, day, JSON.stringify(rows));
}

export interface SegmentDay {
  segment: string;
  size: number;
  entered: number;
  left: number;
}

/** The day's totals (replacing a snapshot taken earlier the same day) in one transaction. */
export async function writeSnapshotDay(
  db: D1Database,
  site: string,
  day: number,
  segments: SegmentDay[],
  moves: { from: string; to: string; people: number }[],
  score: { people: number; average: number | null },
) {
  await db.batch([
    db.prepare('DELETE FROM segment_days WHERE site = ? AND day = ?').bind(site, day),
    db.prepare('DELETE FROM segment_moves WHERE site = ? AND day = ?').bind(site, day),
    db
      .prepare(
        `INSERT INTO segment_days (site, day, segment, size, entered, left_count)
         SELECT ?1, ?2, value->>'segment', value->>'size', value->>'entered', value->>'left' FROM json_each(?3)`,
      )
      .bind(site, day, JSON.stringify(segments)),
    db
      .prepare(
        `INSERT INTO segment_moves (site, day, from_segment, to_segment, people)
         SELECT ?1, ?2, value->>'from', value->>'to', value->>'people' FROM json_each(?3)`,
      )
      .bind(site, day, JSON.stringify(moves)),
    score.average === null
      ? db.prepare('DELETE FROM score_days WHERE site = ? AND day = ?').bind(site, day)
      : db
          .prepare('INSERT OR REPLACE INTO score_days (site, day, people, average) VALUES (?, ?, ?, ?)')
          .bind(site, day, score.people, score.average),
  ]);
}

/** Sizes per day and segment, and the moves recorded each day, for days in [from, to]. */
export async function readSegmentHistory(db: D1Database, site: string, from: number, to: number) {
  const [days, moves] = await db.batch([
    db
      .prepare(
        `SELECT day, segment, size, entered, left_count AS "left" FROM segment_days
         WHERE site = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day, segment`,
      )
      .bind(site, from, to),
    db
      .prepare(
        `SELECT day, from_segment AS "from", to_segment AS "to", people FROM segment_moves
         WHERE site = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day, people DESC, "from", "to"`,
      )
      .bind(site, from, to),
  ]);
  return {
    days: days.results as { day: number; segment: string; size: number; entered: number; left: number }[],
    moves: moves.results as { day: number; from: string; to: string; people: number }[],
  };
}

/** Average Happy Index per snapshot day in [from, to] (the overview's trend). */
export async function readScoreDays(db: D1Database, site: string, from: number, to: number) {
  const { results } = await db
    .prepare('SELECT day, people, average FROM score_days WHERE site = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day')
    .bind(site, from - 86_400_000 + 1, to)
    .all<{ day: number; people: number; average: number }>();
  return results;
}

/** Sites to snapshot from the cron. */
export async function listSiteIds(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare('SELECT id FROM sites ORDER BY id').all<{ id: string }>();
  return results.map((r) => r.id);
}
