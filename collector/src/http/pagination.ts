import { decodeCursor } from '../lib/cursor';
import { LIMITS } from '../schema/limits';
import { fail } from './errors';

/** `?limit=` as an integer in 1..pageMax (default pageDefault); 400 naming `limit` otherwise. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return LIMITS.pageDefault;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > LIMITS.pageMax) {
    fail(400, `limit: must be an integer from 1 to ${LIMITS.pageMax}`, 'limit');
  }
  return n;
}

/** `?cursor=` decoded to a key of the given shape, or null when absent; 400 naming `cursor` when forged. */
export function parseCursor<K extends (string | number)[]>(
  raw: string | undefined,
  shape: readonly ('string' | 'number')[],
): K | null {
  if (raw === undefined || raw === '') return null;
  const key = decodeCursor(raw, shape);
  if (!key) fail(400, 'cursor: is not a cursor this API returned', 'cursor');
  return key as K;
}
