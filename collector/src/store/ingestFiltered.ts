import { utcDay } from '../privacy/dailySalt';

/** Counts events refused on purpose, per site, day and reason. */
export async function countFiltered(db: D1Database, site: string, reason: string, events: number, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO ingest_filtered (site, day, reason, events) VALUES (?, ?, ?, ?)
       ON CONFLICT (site, day, reason) DO UPDATE SET events = events + excluded.events`,
    )
    .bind(site, utcDay(now), reason, events)
    .run();
}

export interface FilteredDay {
  day: string;
  reason: string;
  events: number;
}

/** Filtered events per day and reason for UTC days from..to (YYYY-MM-DD, inclusive). */
export async function listFiltered(db: D1Database, site: string, fromDay: string, toDay: string): Promise<FilteredDay[]> {
  const { results } = await db
    .prepare('SELECT day, reason, events FROM ingest_filtered WHERE site = ? AND day >= ? AND day <= ? ORDER BY day DESC, reason')
    .bind(site, fromDay, toDay)
    .all<FilteredDay>();
  return results;
}
