import type { ScoreConfig } from '../score/scoreConfig';
import { listVisitors, type VisitorSummary } from '../store/visitors';
import { matchSegment, type SegmentSpec } from './matchSegment';

/** How much one request of a members list may look at before it answers with a cursor to go on. */
export interface ScanBudget {
  /** Visitors tested at once: the first page tests a quarter of this, each next one twice as many up to it. */
  page: number;
  /** Visitors looked at in all. */
  visitors: number;
  /** Milliseconds spent testing: another page is started only while under it. */
  ms: number;
}

/**
 * The visitor count bounds a cheap segment; the time bounds an expensive one on a big site (at-risk
 * replays every member's 30-day window): a dashboard page answers within about SCAN_MS however large
 * the site, and the cursor carries the walk on.
 */
export const SCAN_BUDGET: ScanBudget = { page: 200, visitors: 5_000, ms: 200 };

/**
 * Members of a segment, most recently seen first, found by walking the visitor list (keyset) and
 * testing each page. The cursor is the last visitor looked at, so a page may hold fewer than `limit`
 * members when the budget ran out; `nextCursor` null means the list is done.
 */
export async function scanSegment(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  spec: SegmentSpec,
  limit: number,
  after: [number, string] | null,
  now = Date.now(),
  budget: ScanBudget = SCAN_BUDGET,
): Promise<{ visitors: VisitorSummary[]; nextCursor: [number, string] | null }> {
  const found: VisitorSummary[] = [];
  const started = Date.now();
  let cursor = after;
  let scanned = 0;
  // A small first page: a costly segment answers its first members soon, a cheap one grows fast.
  let size = Math.max(1, Math.ceil(budget.page / 4));
  for (;;) {
    const want = Math.min(size, budget.visitors - scanned);
    size = Math.min(budget.page, size * 2);
    const page = await listVisitors(db, site, want, cursor);
    if (!page.length) return { visitors: found, nextCursor: null };
    const members = await matchSegment(db, site, config, spec, page, now);
    for (const v of page) {
      cursor = [v.lastSeen, v.visitorId];
      scanned++;
      if (members.has(v.visitorId)) found.push(v);
      if (found.length === limit) return { visitors: found, nextCursor: cursor };
    }
    if (page.length < want) return { visitors: found, nextCursor: null };
    if (scanned >= budget.visitors || Date.now() - started >= budget.ms) return { visitors: found, nextCursor: cursor };
  }
}
