import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { encodeCursor } from '../lib/cursor';
import { readJourneyPage, type JourneyKey, type JourneyScope } from '../store/journeys';
import { parseCursor, parseLimit } from './pagination';

/**
 * The response `{ ...head, events, nextCursor }` for one page of a journey of `scope`, with
 * `?limit=&cursor=` handled the same for visitors and customers. The events are SQLite's JSON text
 * (store/journeys.ts), spliced in unparsed.
 */
export async function journeyPage(c: Context<AppEnv>, site: string, scope: JourneyScope, head: Record<string, unknown>): Promise<Response> {
  const limit = parseLimit(c.req.query('limit'));
  const after = parseCursor<JourneyKey>(c.req.query('cursor'), ['number', 'number', 'string']);
  const page = await readJourneyPage(c.env.DB, site, scope, limit, after);
  const nextCursor = page.nextKey ? encodeCursor(page.nextKey) : null;
  const fields = JSON.stringify(head).slice(1, -1);
  return c.body(`{${fields}${fields ? ',' : ''}"events":${page.eventsJson},"nextCursor":${JSON.stringify(nextCursor)}}`, 200, {
    'content-type': 'application/json',
  });
}
