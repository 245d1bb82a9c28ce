import type { Context } from 'hono';
import type { AppEnv } from '../env';
import type { IngestResult } from '../ingest/ingest';

/**
 * The answer to an ingest request; `refused` (events not stored, with index, field and message) is
 * always present. Stored directly: 200 `{ accepted, duplicates, refused }`. Queued: 202
 * `{ queued, refused }`, the number of events the queue now holds; whether some were duplicates is only
 * known when the consumer stores them, so the body does not pretend to know. Filtered as a bot: 200
 * `{ accepted: 0, duplicates: 0, filtered, reason, refused }`.
 */
export function ingestResponse(c: Context<AppEnv>, result: IngestResult, extra: Record<string, unknown> = {}) {
  if ('filtered' in result) return c.json({ accepted: 0, duplicates: 0, filtered: result.filtered, reason: result.reason, refused: result.refused, ...extra });
  if (result.queued !== undefined) return c.json({ queued: result.queued, refused: result.refused, ...extra }, 202);
  return c.json({ accepted: result.stored, duplicates: result.duplicates, refused: result.refused, ...extra });
}
