import { journeyStatement, readJourney, type JourneyEvent, type JourneyScope } from './journeys';

/** Chat events read for one conversation summary: enough for years of chat, bounded all the same. */
export const CHAT_EVENTS_MAX = 5000;

/**
 * The chat events of a visitor or customer, in journey order, at most CHAT_EVENTS_MAX: readJourney's
 * scoping rules, through the chat events' own index (no other event of the journey is read).
 */
export function readChatEvents(db: D1Database, site: string, scope: JourneyScope): Promise<JourneyEvent[]> {
  return readJourney(db, site, scope, CHAT_EVENTS_MAX, null, 'chat');
}

/** readChatEvents as a statement (read its result with journeyEvents), for one db.batch with its owner. */
export const chatEventsStatement = (db: D1Database, site: string, scope: JourneyScope) => journeyStatement(db, site, scope, CHAT_EVENTS_MAX, null, 'chat');
