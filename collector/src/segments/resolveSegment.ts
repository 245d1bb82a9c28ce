import { fail } from '../http/errors';
import { getSegment } from '../store/segments';
import { isBuiltin } from './builtinSegments';
import type { SegmentSpec } from './matchSegment';

/** `?segment=` as a built-in name or a saved segment id of the site; 400 naming `segment` otherwise. */
export async function resolveSegment(db: D1Database, site: string, segment: string): Promise<SegmentSpec> {
  if (isBuiltin(segment)) return { builtin: segment };
  const saved = await getSegment(db, site, segment);
  if (!saved) return fail(400, `segment: "${segment}" is neither a built-in segment nor a saved one`, 'segment');
  return { rule: saved.rule };
}
