import type { ScoreConfig } from '../score/scoreConfig';
import { baselineOf, scoreConfigJson, subjectScoresCte } from './scoreSql';
import { pageJson, subjectKey, subjectMembersCte, subjectSql } from './subject';
import type { VisitorSummary } from './visitors';

export type VisitorSort = 'lastSeen' | 'events' | 'score';

export interface VisitorSearch {
  /** Visitor or customer id prefix, or part of any trait value (case-insensitive). */
  q?: string;
  sort: VisitorSort;
  limit: number;
  /** Sort key and visitor id of the previous page's last row. */
  after: [number, string] | null;
}

export interface ScoredVisitor extends VisitorSummary {
  score: number;
}

const SORT_KEY: Record<VisitorSort, string> = { lastSeen: 'last_seen', events: 'events', score: 'score' };
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The visitors table: optional search, sorted descending by last seen, events or Happy Index, keyset
 * paginated on (sort key, visitor id). One row per visitor id, carrying its person's Happy Index
 * (store/subject.ts). Last seen and events walk an index; score computes every person's score in one
 * statement (see scoreSql.ts) and sorts the rows by it.
 */
export async function searchVisitors(db: D1Database, site: string, config: ScoreConfig, search: VisitorSearch, at: number): Promise<ScoredVisitor[]> {
  const binds: unknown[] = [site];
  const p = (value: unknown) => `?${binds.push(value)}`;
  const where = ['v.site = ?1'];
  if (search.q) {
    const prefix = p(`${likeEscape(search.q)}%`);
    const contains = p(`%${likeEscape(search.q)}%`);
    where.push(`(v.visitor_id LIKE ${prefix} ESCAPE '\\' OR v.customer_id LIKE ${prefix} ESCAPE '\\'
      OR v.customer_id IN (${traitMatches(search.q, contains)}))`);
  }
  const key = SORT_KEY[search.sort];
  if (search.sort === 'score') {
    const cfg = p(scoreConfigJson(config));
    const atP = p(at);
    const base = p(Math.round(baselineOf(config) * 10) / 10);
    const cursor = search.after ? `WHERE (score, visitor_id) < (${p(search.after[0])}, ${p(search.after[1])})` : '';
    const { results } = await db
      .prepare(
        `WITH ${subjectScoresCte(config, subjectSql('v'), 'true', cfg, atP)},
         ranked AS (SELECT v.visitor_id, v.customer_id, v.first_seen, v.last_seen, v.events, coalesce(ss.score, ${base}) AS score
                    FROM visitors v LEFT JOIN subject_scores ss ON ss.subject = ${subjectSql('v')} WHERE ${where.join(' AND ')})
         SELECT * FROM ranked ${cursor} ORDER BY score DESC, visitor_id DESC LIMIT ${p(search.limit)}`,
      )
      .bind(...binds)
      .all<Row & { score: number }>();
    return results.map((r) => ({ ...toSummary(r), score: r.score }));
  }
  if (search.after) where.push(`(v.${key}, v.visitor_id) < (${p(search.after[0])}, ${p(search.after[1])})`);
  const { results } = await db
    .prepare(
      `SELECT v.visitor_id, v.customer_id, v.first_seen, v.last_seen, v.events FROM visitors v
       WHERE ${where.join(' AND ')} ORDER BY v.${key} DESC, v.visitor_id DESC LIMIT ${p(search.limit)}`,
    )
    .bind(...binds)
    .all<Row>();
  const summaries = results.map(toSummary);
  const scores = await visitorScores(db, site, config, summaries, at);
  return summaries.map((v) => ({ ...v, score: scores.get(v.visitorId)! }));
}

/** The Happy Index of each given visitor's person (the baseline for those without state), in one statement. */
export async function visitorScores(db: D1Database, site: string, config: ScoreConfig, page: VisitorSummary[], at: number): Promise<Map<string, number>> {
  const baseline = Math.round(baselineOf(config) * 10) / 10;
  const out = new Map(page.map((v) => [v.visitorId, baseline]));
  if (!page.length) return out;
  const { results } = await db
    .prepare(
      `WITH ${subjectMembersCte('?4')},
       ${subjectScoresCte(config, subjectSql('v'), 's.visitor_id IN (SELECT visitor_id FROM subject_members)', '?2', '?3')}
       SELECT subject, score FROM subject_scores`,
    )
    .bind(site, scoreConfigJson(config), at, pageJson(page))
    .all<{ subject: string; score: number }>();
  const bySubject = new Map(results.map((r) => [r.subject, r.score]));
  for (const v of page) out.set(v.visitorId, bySubject.get(subjectKey(v)) ?? baseline);
  return out;
}

/**
 * Customers with a trait value containing `q`: once per search, not once per visitor row. The raw JSON
 * text must contain `q` for a value to (SQLite writes non-ASCII unescaped), so only those customers'
 * traits are walked with json_tree; a `q` that JSON escapes (a quote, a backslash, a control character)
 * skips that filter. Numbers match as the JSON writes them.
 */
function traitMatches(q: string, contains: string) {
  const textFilter = /["\\\u0000-\u001f]/.test(q) ? '' : `AND c.traits LIKE ${contains} ESCAPE '\\'`;
  return `SELECT c.customer_id FROM customers c WHERE c.site = ?1 ${textFilter}
          AND EXISTS (SELECT 1 FROM json_tree(c.traits) t WHERE t.atom IS NOT NULL AND t.atom LIKE ${contains} ESCAPE '\\')`;
}

interface Row {
  visitor_id: string;
  customer_id: string | null;
  first_seen: number;
  last_seen: number;
  events: number;
}

const toSummary = (r: Row): VisitorSummary => ({
  visitorId: r.visitor_id,
  customerId: r.customer_id,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  events: r.events,
});
