import type { ScoreConfig } from '../score/scoreConfig';
import { listVisitors, type VisitorSummary } from '../store/visitors';
import { matchSegment, type SegmentSpec } from './matchSegment';

const SCAN_PAGE = 200;
/** Visitors one request looks at before answering with what it found and a cursor to go on. */
const SCAN_BUDGET = 5_000;

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
): Promise<{ visitors: VisitorSummary[]; nextCursor: [number, string] | null }> {
  const found: VisitorSummary[] = [];
  let cursor = after;
  let scanned = 0;
  for (;;) {
    const page = await listVisitors(db, site, Math.min(SCAN_PAGE, SCAN_BUDGET - scanned), cursor);
    if (!page.length) return { visitors: found, nextCursor: null };
    const members = await matchSegment(db, site, config, spec, page, now);
    for (const v of page) {
      cursor = [v.lastSeen, v.visitorId];
      scanned++;
      if (members.has(v.visitorId)) found.push(v);
      if (found.length === limit) return { visitors: found, nextCursor: cursor };
    }
    if (page.length < SCAN_PAGE && scanned < SCAN_BUDGET) return { visitors: found, nextCursor: null };
    if (scanned >= SCAN_BUDGET) return { visitors: found, nextCursor: cursor };
  }
}
