import type { Context } from 'hono';
import type { AppEnv } from '../env';
import type { AcceptResult } from '../ingest/acceptEvents';

/**
 * The answer to an accepted batch. Stored directly: 200 `{ accepted, duplicates }`. Queued: 202
 * `{ queued }`, the number of events the queue now holds; whether some were duplicates is only known
 * when the consumer stores them, so the body does not pretend to know.
 */
export function ingestResponse(c: Context<AppEnv>, result: AcceptResult, extra: Record<string, unknown> = {}) {
  if (result.queued !== undefined) return c.json({ queued: result.queued, ...extra }, 202);
  return c.json({ accepted: result.stored, duplicates: result.duplicates, ...extra });
}
