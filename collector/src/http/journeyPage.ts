import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { encodeCursor } from '../lib/cursor';
import { journeyKey, readJourney, type JourneyKey, type JourneyScope } from '../store/journeys';
import { parseCursor, parseLimit } from './pagination';

/** One page of a journey for `scope`, with `?limit=&cursor=` handled the same for visitors and customers. */
export async function journeyPage(c: Context<AppEnv>, site: string, scope: JourneyScope) {
  const limit = parseLimit(c.req.query('limit'));
  const after = parseCursor<JourneyKey>(c.req.query('cursor'), ['number', 'number', 'string']);
  const events = await readJourney(c.env.DB, site, scope, limit, after);
  const last = events.at(-1);
  return { events, nextCursor: events.length === limit && last ? encodeCursor(journeyKey(last)) : null };
}
