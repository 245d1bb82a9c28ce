import { utcDay } from '../privacy/dailySalt';

/** Adds events the SDK reported dropped (queue cap) to the site's count for the day. */
export async function recordDropped(db: D1Database, site: string, dropped: number, receivedAt: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO ingest_stats (site, day, dropped) VALUES (?1, ?2, ?3)
       ON CONFLICT (site, day) DO UPDATE SET dropped = dropped + excluded.dropped`,
    )
    .bind(site, utcDay(receivedAt), dropped)
    .run();
}

export interface IngestStats {
  from: number;
  to: number;
  /** Events SDKs dropped from full offline queues (per day, by receive time). */
  dropped: { day: string; dropped: number }[];
  /** Browser sessions with events in [from, to). */
  sessions: number;
  /** Sessions whose sequence numbers have holes. */
  sessionsWithGaps: number;
  /** Events missing inside those holes: sent (a seq was taken) but never stored. */
  missingEvents: number;
}

/**
 * Delivery health over [from, to): reported drops, and sequence gaps. Each browser session numbers
 * its events 0, 1, 2…; max(seq) + 1 − count(distinct seq) is how many the collector never received.
 * Losses after a session's last stored event cannot be seen this way (nothing follows them).
 */
export async function readIngestStats(db: D1Database, site: string, from: number, to: number): Promise<IngestStats> {
  const [drops, gaps] = await db.batch([
    db
      .prepare('SELECT day, dropped FROM ingest_stats WHERE site = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day')
      .bind(site, utcDay(from), utcDay(to)),
    db
      .prepare(
        `SELECT count(*) AS sessions, coalesce(sum(missing > 0), 0) AS sessionsWithGaps, coalesce(sum(missing), 0) AS missingEvents
         FROM (SELECT max(seq) + 1 - count(DISTINCT seq) AS missing FROM events
               WHERE site = ?1 AND source = 'browser' AND ts >= ?2 AND ts < ?3 GROUP BY session_id)`,
      )
      .bind(site, from, to),
  ]);
  const g = gaps.results[0] as { sessions: number; sessionsWithGaps: number; missingEvents: number };
  return { from, to, dropped: drops.results as IngestStats['dropped'], ...g };
}
