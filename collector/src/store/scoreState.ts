import { DAY_MS, ERA_HALF_LIVES, KEPT_ERAS, RECENT_DAYS, WEIGHT_SCALE, type StateRow } from '../score/decay';
import { observations } from '../score/observations';
import { markAllPeopleChanged, markPeopleChanged } from './people';
import { idList, type IdSource } from './subject';

/**
 * Adds observations (JSON of [event id, signal, value, default half-life]) to score_state, and those of
 * the last RECENT_DAYS days also to score_recent by day, joined with the stored events (and, at ingest,
 * only this batch's rows). The half-life comes from the site's score_config when it has one. w and wx
 * are computed here, by the same SQL for ingest and recompute, so both paths and both tables add
 * identical integers (see score/decay.ts). CROSS JOIN keeps json_each as the outer loop (SQLite does not
 * reorder it), so each observation finds its event by primary key instead of the planner scanning the
 * site's events. `now` dates the recent window (its older days are pruned for the batch's visitors).
 */
export function accumulateStatements(db: D1Database, site: string, observationsJson: string, batchId: string | null, now = Date.now()) {
  const batchFilter = batchId === null ? '' : 'AND e.batch_id = ?3';
  const obs = `SELECT e.visitor_id, e.ts, o.value->>1 AS signal, o.value->>2 AS x,
                 coalesce((SELECT c.half_lives->>(o.value->>1) FROM score_config c WHERE c.site = ?1), o.value->>3) AS h
               FROM json_each(?2) o CROSS JOIN events e ON e.site = ?1 AND e.id = o.value->>0 ${batchFilter}`;
  const weighted = `SELECT visitor_id, ts, signal, h, ts / (${ERA_HALF_LIVES} * h) AS era,
                      ${WEIGHT_SCALE} * pow(2, (ts % (${ERA_HALF_LIVES} * h)) * 1.0 / h) AS wr, x
                    FROM (${obs})`;
  const binds = batchId === null ? [site, observationsJson] : [site, observationsJson, batchId];
  const firstDay = Math.floor(now / DAY_MS) - RECENT_DAYS; // an integer we computed: safe in the SQL text
  return [
    db
      .prepare(
        `INSERT INTO score_recent (site, visitor_id, day, signal, half_life_ms, era, w, wx)
         SELECT ?1, visitor_id, ts / ${DAY_MS}, signal, h, era, sum(cast(round(wr) AS INTEGER)), sum(cast(round(wr * x) AS INTEGER))
         FROM (${weighted}) WHERE ts / ${DAY_MS} >= ${firstDay} GROUP BY visitor_id, ts / ${DAY_MS}, signal, h, era
         ON CONFLICT (site, visitor_id, day, signal, half_life_ms, era) DO UPDATE SET w = w + excluded.w, wx = wx + excluded.wx`,
      )
      .bind(...binds),
    db
      .prepare(
        `DELETE FROM score_recent WHERE site = ?1 AND day < ?3
           AND visitor_id IN (SELECT e.visitor_id FROM json_each(?2) o CROSS JOIN events e ON e.site = ?1 AND e.id = o.value->>0)`,
      )
      .bind(site, observationsJson, firstDay),
    db
      .prepare(
        `INSERT INTO score_state (site, visitor_id, signal, half_life_ms, era, w, wx)
         SELECT ?1, visitor_id, signal, h, era, sum(cast(round(wr) AS INTEGER)), sum(cast(round(wr * x) AS INTEGER))
         FROM (${weighted}) WHERE true GROUP BY visitor_id, signal, h, era
         ON CONFLICT (site, visitor_id, signal, half_life_ms, era) DO UPDATE SET w = w + excluded.w, wx = wx + excluded.wx`,
      )
      .bind(...binds),
    db
      .prepare(
        `DELETE FROM score_state WHERE site = ?1
           AND visitor_id IN (SELECT e.visitor_id FROM json_each(?2) o CROSS JOIN events e ON e.site = ?1 AND e.id = o.value->>0)
           AND era <= (SELECT max(m.era) FROM score_state m WHERE m.site = score_state.site
                       AND m.visitor_id = score_state.visitor_id AND m.signal = score_state.signal
                       AND m.half_life_ms = score_state.half_life_ms) - ${KEPT_ERAS}`,
      )
      .bind(site, observationsJson),
  ];
}

interface StateDbRow {
  visitor_id: string;
  signal: string;
  half_life_ms: number;
  era: number;
  w: number;
  wx: number;
}

/** The stored state of some visitor ids (a visitor, or every device of a customer). */
export async function readScoreState(db: D1Database, site: string, visitorIds: string[]): Promise<StateRow[]> {
  if (!visitorIds.length) return [];
  const { results } = await db
    .prepare(
      `SELECT visitor_id, signal, half_life_ms, era, w, wx FROM score_state
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) ORDER BY visitor_id, signal, half_life_ms, era`,
    )
    .bind(site, JSON.stringify(visitorIds))
    .all<StateDbRow>();
  return results.map(toStateRow);
}

/** State of many visitors at once, grouped by visitor id (segments, exports, clustering). */
export async function readScoreStates(db: D1Database, site: string, visitorIds: string[]): Promise<Map<string, StateRow[]>> {
  const out = new Map<string, StateRow[]>();
  if (!visitorIds.length) return out;
  const { results } = await db
    .prepare(
      `SELECT visitor_id, signal, half_life_ms, era, w, wx FROM score_state
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))`,
    )
    .bind(site, JSON.stringify(visitorIds))
    .all<StateDbRow>();
  for (const r of results) {
    const list = out.get(r.visitor_id) ?? [];
    list.push(toStateRow(r));
    out.set(r.visitor_id, list);
  }
  return out;
}

const toStateRow = (r: StateDbRow): StateRow => ({ signal: r.signal, halfLifeMs: r.half_life_ms, era: r.era, w: r.w, wx: r.wx });

/** Every state row of a site, in key order (the property test compares ingest and recompute with it). */
export async function dumpScoreState(db: D1Database, site: string): Promise<StateDbRow[]> {
  const { results } = await db
    .prepare(
      `SELECT visitor_id, signal, half_life_ms, era, w, wx FROM score_state WHERE site = ? ORDER BY visitor_id, signal, half_life_ms, era`,
    )
    .bind(site)
    .all<StateDbRow>();
  return results;
}

const RECOMPUTE_PAGE = 500;

/**
 * Rebuilds a site's score state (and its recent days, score_recent) from its whole history, for when half-lives or signals change. Reads
 * events a page at a time (keyset on the primary key) and adds each page with the same statements as
 * ingest. Events stored while it runs may be counted twice or not at all; run it when ingest is quiet
 * or run it again (see ARCHITECTURE.md).
 */
export async function recomputeScoreState(db: D1Database, site: string): Promise<{ events: number; observations: number }> {
  await db.batch([
    db.prepare('DELETE FROM score_state WHERE site = ?').bind(site),
    db.prepare('DELETE FROM score_recent WHERE site = ?').bind(site),
  ]);
  let after = '';
  let events = 0;
  let observed = 0;
  for (;;) {
    const { results } = await db
      .prepare('SELECT id, type, name, ts, props FROM events WHERE site = ?1 AND id > ?2 ORDER BY id LIMIT ?3')
      .bind(site, after, RECOMPUTE_PAGE)
      .all<{ id: string; type: string; name: string | null; ts: number; props: string | null }>();
    if (!results.length) break;
    events += results.length;
    const obs = observations(results.map((r) => ({ ...r, props: r.props === null ? null : JSON.parse(r.props) })));
    observed += obs.length;
    if (obs.length) await db.batch(accumulateStatements(db, site, JSON.stringify(obs), null));
    after = results[results.length - 1].id;
    if (results.length < RECOMPUTE_PAGE) break;
  }
  // Stored scores predate the new state (store/people.ts).
  await markAllPeopleChanged(db, site).run();
  return { events, observations: observed };
}

/**
 * The same rebuild for some visitor ids only (the people a server backfill touched): their state is
 * deleted and re-added from all of their events with the statements ingest uses, at today's half-lives.
 */
export async function recomputeScoreStateOf(db: D1Database, site: string, visitorIds: string[]): Promise<void> {
  const ids = JSON.stringify(visitorIds);
  await db.batch([
    ...['score_state', 'score_recent'].map((table) => db.prepare(`DELETE FROM ${table} WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))`).bind(site, ids)),
  ]);
  let after = '';
  for (;;) {
    const { results } = await db
      .prepare(
        `SELECT id, type, name, ts, props FROM events
         WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND id > ?3 ORDER BY id LIMIT ?4`,
      )
      .bind(site, ids, after, RECOMPUTE_PAGE)
      .all<{ id: string; type: string; name: string | null; ts: number; props: string | null }>();
    if (!results.length) break;
    const obs = observations(results.map((r) => ({ ...r, props: r.props === null ? null : JSON.parse(r.props) })));
    if (obs.length) await db.batch(accumulateStatements(db, site, JSON.stringify(obs), null));
    after = results[results.length - 1].id;
    if (results.length < RECOMPUTE_PAGE) break;
  }
  await markPeopleChanged(db, site, ids).run();
}

/**
 * Events of some visitor ids after `since` (the trend's window), at most `cap` + 1, in index order:
 * the trend only sums them, so no sort (20,000 rows sorted by time cost ~25 % of an at-risk page).
 */
export async function readEventsSince(db: D1Database, site: string, visitorIds: string[], since: number, cap: number) {
  const { results } = await db
    .prepare(
      // INDEXED BY: without statistics SQLite may pick the site's time index, which reads every event
      // of the site in the window (6.5 s at 500k events) instead of these visitors' own (1 ms).
      `SELECT id, visitor_id, type, name, ts, props FROM events INDEXED BY events_visitor_time
       WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND ts > ?3 LIMIT ?4`,
    )
    .bind(site, JSON.stringify(visitorIds), since, cap + 1)
    .all<{ id: string; visitor_id: string; type: string; name: string | null; ts: number; props: string | null }>();
  return results.map((r) => ({ ...r, props: r.props === null ? null : (JSON.parse(r.props) as unknown) }));
}

/** What the trend needs of some visitor ids at once (one D1 round trip): see score/subjectScore.ts. */
export interface TrendInputs {
  /** score_state by visitor id. */
  state: Map<string, StateRow[]>;
  /** score_recent summed over the days after the window's first day, by visitor id. */
  recent: Map<string, StateRow[]>;
  /** Events of the window's first day after its start (that day's sums cover the whole day), by visitor id. */
  firstDay: Map<string, { id: string; visitor_id: string; type: string; name: string | null; ts: number; props: unknown }[]>;
}

/**
 * The state and the window since `since` of some visitor ids: the maintained sums of the whole days
 * after since's day, and the events of since's own day that fall after it. Exact for any `since` whose
 * day score_recent still holds (RECENT_DAYS).
 */
export async function readTrendInputs(db: D1Database, site: string, visitorIds: string[], since: number): Promise<TrendInputs> {
  if (!visitorIds.length) return { state: new Map(), recent: new Map(), firstDay: new Map() };
  return trendInputsFrom(await db.batch(trendStatements(db, site, idList(visitorIds), since)));
}

/** readTrendInputs as three statements over any id source, to send in one db.batch with other reads. */
export function trendStatements(db: D1Database, site: string, source: IdSource, since: number): D1PreparedStatement[] {
  const { with: cte, ids, param } = source;
  const day = Math.floor(since / DAY_MS);
  return [
    db.prepare(`${cte}SELECT visitor_id, signal, half_life_ms, era, w, wx FROM score_state WHERE site = ?1 AND visitor_id IN (SELECT value FROM ${ids})`).bind(site, param),
    db
      .prepare(
        `${cte}SELECT visitor_id, signal, half_life_ms, era, sum(w) AS w, sum(wx) AS wx FROM score_recent
         WHERE site = ?1 AND visitor_id IN (SELECT value FROM ${ids}) AND day > ?3 GROUP BY visitor_id, signal, half_life_ms, era`,
      )
      .bind(site, param, day),
    // INDEXED BY: as readEventsSince (each visitor's own time range, never the site's).
    db
      .prepare(
        `${cte}SELECT id, visitor_id, type, name, ts, props FROM events INDEXED BY events_visitor_time
         WHERE site = ?1 AND visitor_id IN (SELECT value FROM ${ids}) AND ts > ?3 AND ts < ?4`,
      )
      .bind(site, param, since, (day + 1) * DAY_MS),
  ];
}

/** The TrendInputs of trendStatements' three results. */
export function trendInputsFrom([state, recent, firstDay]: D1Result[]): TrendInputs {
  const out: TrendInputs = { state: new Map(), recent: new Map(), firstDay: new Map() };
  const group = (rows: StateDbRow[], into: Map<string, StateRow[]>) => {
    for (const r of rows) {
      const list = into.get(r.visitor_id);
      if (list) list.push(toStateRow(r));
      else into.set(r.visitor_id, [toStateRow(r)]);
    }
  };
  group(state.results as StateDbRow[], out.state);
  group(recent.results as StateDbRow[], out.recent);
  for (const r of firstDay.results as { id: string; visitor_id: string; type: string; name: string | null; ts: number; props: string | null }[]) {
    const e = { ...r, props: r.props === null ? null : (JSON.parse(r.props) as unknown) };
    const list = out.firstDay.get(r.visitor_id);
    if (list) list.push(e);
    else out.firstDay.set(r.visitor_id, [e]);
  }
  return out;
}
