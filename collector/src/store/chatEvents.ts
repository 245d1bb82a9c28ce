import { readJourney, type JourneyEvent, type JourneyScope } from './journeys';

/** Chat events read for one conversation summary: enough for years of chat, bounded all the same. */
export const CHAT_EVENTS_MAX = 5000;

/**
 * The chat events of a visitor or customer, in journey order. Reads the journey index and keeps the
 * chat types (a type-filtered copy of readJourney would duplicate its scoping rules).
 */
export async function readChatEvents(db: D1Database, site: string, scope: JourneyScope): Promise<JourneyEvent[]> {
  const out: JourneyEvent[] = [];
  let after: [number, number, string] | null = null;
  // Pages of 1,000 (the journey page cap) until the journey ends or the cap is reached.
  for (let read = 0; read < CHAT_EVENTS_MAX * 4; read += 1000) {
    const page = await readJourney(db, site, scope, 1000, after);
    out.push(...page.filter((e) => e.type.startsWith('chat_')));
    if (page.length < 1000 || out.length >= CHAT_EVENTS_MAX) break;
    const last = page.at(-1)!;
    after = [last.ts, last.seq, last.id];
  }
  return out.slice(0, CHAT_EVENTS_MAX);
}
