import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { encodeCursor } from '../lib/cursor';
import { readJourneyPage, type JourneyKey, type JourneyScope } from '../store/journeys';
import { parseCursor, parseLimit } from './pagination';

/**
 * The response `{ ...head, events, nextCursor }` for one page of a journey of `scope`, with
 * `?limit=&cursor=` handled the same for visitors and customers. The events are SQLite's JSON text
 * (store/journeys.ts), spliced in unparsed. `head` makes the fields before the events from the
 * results of `alongside`, statements read in the same round trip as the page.
 */
export async function journeyPage(
  c: Context<AppEnv>,
  site: string,
  scope: JourneyScope,
  head: (alongside: D1Result[]) => Record<string, unknown>,
  alongside: D1PreparedStatement[] = [],
): Promise<Response> {
  const limit = parseLimit(c.req.query('limit'));
  const after = parseCursor<JourneyKey>(c.req.query('cursor'), ['number', 'number', 'string']);
  const page = await readJourneyPage(c.env.DB, site, scope, limit, after, alongside);
  // head may refuse (404) after the page was read with its statements: one round trip either way.
  const fields = JSON.stringify(head(page.alongside)).slice(1, -1);
  const nextCursor = page.nextKey ? encodeCursor(page.nextKey) : null;
  return c.body(`{${fields}${fields ? ',' : ''}"events":${page.eventsJson},"nextCursor":${JSON.stringify(nextCursor)}}`, 200, {
    'content-type': 'application/json',
  });
}
