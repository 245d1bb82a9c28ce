import { CHANNEL_LABELS, type Channel } from '../acquisition/channels';
import type { ScoreConfig } from '../score/scoreConfig';
import { baselineOf, scoreConfigJson, subjectScoresCte } from './scoreSql';
import { channelOutcomes } from './channelOutcomes';
import type { Goal } from './goals';
import type { CurrencyRevenue } from './revenue';
import { subjectSql } from './subject';

/**
 * Reads behind GET /v1/sites/:site/reports/channels and /reports/devices, over the sessions that
 * STARTED in the range (index sessions_time). "Visitors" counts people (store/subject.ts): a customer
 * on two devices is one visitor; sessions are counted as they are.
 */

/** Rows of a report at most (by source or campaign a long tail is cut; sorted by sessions first). */
export const REPORT_ROWS = 100;

const person = subjectSql('v');
/** The range's sessions with the person behind each (?1 site, ?2 from, ?3 to). */
const rangeSessions = (key: string) =>
  `SELECT ${key} AS key, ${person} AS person FROM sessions s INDEXED BY sessions_time
   JOIN visitors v ON v.site = s.site AND v.visitor_id = s.visitor_id
   WHERE s.site = ?1 AND s.started_at >= ?2 AND s.started_at <= ?3`;

export type ChannelDimension = 'channel' | 'source' | 'medium' | 'campaign';

export interface ChannelRow {
  /** The channel, source, medium or campaign; null: none (e.g. the source of direct sessions). */
  key: string | null;
  /** For rows by channel: how the channel reads (CHANNEL_LABELS). */
  label?: string;
  visitors: number;
  sessions: number;
  /** Average Happy Index, at the end of the range, of the people with a session in this row. */
  happyIndex: number;
  /** People who reached a goal (any of the site's, or the one asked for) in a session of this row (store/channelOutcomes.ts). */
  conversions: number;
  /** Net revenue per currency of the orders placed in this row's sessions; empty without orders. */
  revenue: CurrencyRevenue[];
}

/**
 * Visitors, sessions, average Happy Index, conversions (of `goals`) and revenue per channel (or source,
 * medium, campaign) in the range.
 */
export async function channelReport(
  db: D1Database,
  site: string,
  by: ChannelDimension,
  config: ScoreConfig,
  goals: Goal[],
  from: number,
  to: number,
  at: number,
): Promise<ChannelRow[]> {
  const baseline = Math.round(baselineOf(config) * 10) / 10;
  const outcomes = channelOutcomes(db, site, by, goals, from, to);
  const { results } = await db
    .prepare(
      `WITH sess AS MATERIALIZED (${rangeSessions(`s.${by}`)}),
       ${subjectScoresCte(config, person, `${person} IN (SELECT person FROM sess)`, '?4', '?5')},
       per AS (SELECT key, person, count(*) AS sessions FROM sess GROUP BY key, person)
       SELECT per.key, count(*) AS visitors, sum(per.sessions) AS sessions, round(avg(coalesce(ss.score, ?6)), 1) AS happyIndex
       FROM per LEFT JOIN subject_scores ss ON ss.subject = per.person
       GROUP BY per.key ORDER BY sessions DESC, visitors DESC, per.key LIMIT ?7`,
    )
    .bind(site, from, to, scoreConfigJson(config), at, baseline, REPORT_ROWS)
    .all<Omit<ChannelRow, 'conversions' | 'revenue'>>();
  const { conversions, revenue } = await outcomes;
  return results.map((r) => ({
    ...r,
    ...(by === 'channel' && { label: CHANNEL_LABELS[r.key as Channel] ?? r.key ?? '' }),
    conversions: conversions.get(r.key) ?? 0,
    revenue: revenue.get(r.key) ?? [],
  }));
}

export interface DeviceRow {
  /** The browser, OS, device type or country; null: unknown (no user agent; no country locally). */
  key: string | null;
  visitors: number;
  sessions: number;
}

export interface DeviceReport {
  browsers: DeviceRow[];
  os: DeviceRow[];
  deviceTypes: DeviceRow[];
  countries: DeviceRow[];
}

const DEVICE_COLUMNS = { browsers: 'browser', os: 'os', deviceTypes: 'device_type', countries: 'country' } as const;

/** Visitors and sessions per browser, OS, device type and country in the range (one statement). */
export async function deviceReport(db: D1Database, site: string, from: number, to: number): Promise<DeviceReport> {
  const parts = Object.entries(DEVICE_COLUMNS).map(
    ([name, column]) =>
      `SELECT * FROM (SELECT '${name}' AS part, ${column} AS key, count(DISTINCT person) AS visitors, count(*) AS sessions
       FROM sess GROUP BY ${column} ORDER BY sessions DESC, visitors DESC, key LIMIT ${REPORT_ROWS})`,
  );
  const { results } = await db
    .prepare(
      `WITH sess AS MATERIALIZED (SELECT s.browser, s.os, s.device_type, s.country, ${person} AS person
         FROM sessions s INDEXED BY sessions_time JOIN visitors v ON v.site = s.site AND v.visitor_id = s.visitor_id
         WHERE s.site = ?1 AND s.started_at >= ?2 AND s.started_at <= ?3)
       ${parts.join('\nUNION ALL\n')}`,
    )
    .bind(site, from, to)
    .all<DeviceRow & { part: keyof DeviceReport }>();
  const report: DeviceReport = { browsers: [], os: [], deviceTypes: [], countries: [] };
  for (const { part, ...row } of results) report[part].push(row);
  // UNION ALL does not promise the parts' order survives: sort again.
  for (const rows of Object.values(report) as DeviceRow[][]) rows.sort((a, b) => b.sessions - a.sessions || b.visitors - a.visitors);
  return report;
}
