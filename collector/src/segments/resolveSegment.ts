import { fail } from '../http/errors';
import { getSegment } from '../store/segments';
import { isBuiltin } from './builtinSegments';
import type { SegmentSpec } from './matchSegment';

/**
 * `?segment=` as a built-in name, `cluster:<id>` (a group of the latest clustering) or a saved segment
 * id of the site; 400 naming `segment` otherwise.
 */
export async function resolveSegment(db: D1Database, site: string, segment: string): Promise<SegmentSpec> {
  if (isBuiltin(segment)) return { builtin: segment };
  const cluster = /^cluster:(c[0-9]{1,6})$/.exec(segment);
  if (cluster) return { rule: { all: [{ cluster: cluster[1] }] } };
  const saved = await getSegment(db, site, segment);
  if (!saved) return fail(400, `segment: "${segment}" is neither a built-in segment nor a saved one`, 'segment');
  return { rule: saved.rule };
}
