import type { ScoreConfig } from '../score/scoreConfig';
import { subjectKey } from '../store/subject';
import { listVisitors } from '../store/visitors';
import { matchSegment, type SegmentSpec } from './matchSegment';

const COUNT_PAGE = 200;
/** Visitors one preview looks at: a builder asks again on every edit, so it answers in one request. */
export const COUNT_BUDGET = 5_000;

/**
 * How many visitors and people match a segment, for the builder's live count. It walks the visitor
 * list (most recently seen first) up to a budget; `complete: false` means the counts are a lower bound
 * over the `scanned` most recent visitors.
 */
export async function countSegment(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  spec: SegmentSpec,
  now = Date.now(),
  budget = COUNT_BUDGET,
): Promise<{ visitors: number; people: number; scanned: number; complete: boolean }> {
  const people = new Set<string>();
  let visitors = 0;
  let scanned = 0;
  let cursor: [number, string] | null = null;
  while (scanned < budget) {
    const page = await listVisitors(db, site, Math.min(COUNT_PAGE, budget - scanned), cursor);
    if (!page.length) return { visitors, people: people.size, scanned, complete: true };
    const members = await matchSegment(db, site, config, spec, page, now);
    for (const v of page) {
      if (!members.has(v.visitorId)) continue;
      visitors++;
      people.add(subjectKey(v));
    }
    scanned += page.length;
    const last = page.at(-1)!;
    cursor = [last.lastSeen, last.visitorId];
    if (page.length < COUNT_PAGE) return { visitors, people: people.size, scanned, complete: true };
  }
  // The budget ran out exactly at the end of the list only if no visitor follows.
  const more = (await listVisitors(db, site, 1, cursor)).length > 0;
  return { visitors, people: people.size, scanned, complete: !more };
}
