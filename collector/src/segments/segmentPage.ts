import { encodeCursor } from '../lib/cursor';
import { getScoreConfig } from '../store/scoreConfig';
import { resolveSegment } from './resolveSegment';
import { scanSegment } from './scanSegment';

/**
 * `?segment=` on the visitors list: members only (a built-in name or a saved segment id). A page may
 * hold fewer than `limit` visitors when the scan budget ran out; follow `nextCursor` until null.
 */
export async function segmentPage(db: D1Database, site: string, segment: string, limit: number, after: [number, string] | null) {
  const spec = await resolveSegment(db, site, segment);
  const { config } = await getScoreConfig(db, site);
  const { visitors, nextCursor } = await scanSegment(db, site, config, spec, limit, after);
  return { visitors, nextCursor: nextCursor ? encodeCursor(nextCursor) : null };
}
