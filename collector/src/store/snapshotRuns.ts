import type { SegmentDay } from './segmentSnapshots';

/** A day's segment snapshot in progress (migration 0030): where it is, and its sums so far. */
export interface SnapshotRun {
  site: string;
  day: number;
  takenAt: number;
  cursor: string;
  visitors: number;
  people: number;
  sizes: SegmentDay[];
  moves: Record<string, number>;
}

interface RunRow {
  site: string;
  day: number;
  taken_at: number;
  cursor: string;
  visitors: number;
  people: number;
  sizes: string;
  moves: string;
}

const fromRow = (r: RunRow): SnapshotRun => ({
  site: r.site,
  day: r.day,
  takenAt: r.taken_at,
  cursor: r.cursor,
  visitors: r.visitors,
  people: r.people,
  sizes: JSON.parse(r.sizes),
  moves: JSON.parse(r.moves),
});

/** Starts (or starts over) the day's run. */
export async function startRun(db: D1Database, run: SnapshotRun): Promise<void> {
  await db
    .prepare(
      `INSERT OR REPLACE INTO snapshot_runs (site, day, taken_at, cursor, visitors, people, sizes, moves, done)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)`,
    )
    .bind(run.site, run.day, run.takenAt, run.cursor, run.visitors, run.people, JSON.stringify(run.sizes), JSON.stringify(run.moves))
    .run();
}

/**
 * Saves a step's sums and cursor, only if the run is still where this step started (`from`): a step
 * that lost a race to another invocation (a cron overlapping a manual snapshot) writes nothing and stops.
 */
export function saveRunStatement(db: D1Database, run: SnapshotRun, from: string) {
  return db
    .prepare(
      `UPDATE snapshot_runs SET cursor = ?4, visitors = ?5, people = ?6, sizes = ?7, moves = ?8
       WHERE site = ?1 AND day = ?2 AND cursor = ?3 AND done = 0`,
    )
    .bind(run.site, run.day, from, run.cursor, run.visitors, run.people, JSON.stringify(run.sizes), JSON.stringify(run.moves));
}

export const finishRunStatement = (db: D1Database, run: SnapshotRun) =>
  db.prepare('UPDATE snapshot_runs SET done = 1 WHERE site = ?1 AND day = ?2').bind(run.site, run.day);

/** Runs not finished yet, oldest first (the per-minute cron goes on with them). */
export async function openRuns(db: D1Database): Promise<SnapshotRun[]> {
  const { results } = await db.prepare('SELECT * FROM snapshot_runs WHERE done = 0 ORDER BY day, site').all<RunRow>();
  return results.map(fromRow);
}
