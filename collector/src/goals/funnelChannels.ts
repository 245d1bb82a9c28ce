import { CHANNEL_LABELS, type Channel } from '../acquisition/channels';
import type { FunnelPerson } from './funnelPeople';

/** The group of people whose entering event has no session row (server events, sessions before classification). */
export const UNKNOWN_CHANNEL = 'unknown';

/**
 * person → the channel of the session their entering event happened in (sessions.channel), or
 * `unknown` when that session has no row: nobody is dropped from a split by channel. One read.
 */
export async function channelGroupOf(db: D1Database, site: string, people: FunnelPerson[]): Promise<(p: FunnelPerson) => string> {
  const ids = [...new Set(people.map((p) => p.sessionId))];
  const { results } = ids.length
    ? await db
        .prepare(`SELECT session_id, channel FROM sessions WHERE site = ?1 AND session_id IN (SELECT value FROM json_each(?2))`)
        .bind(site, JSON.stringify(ids))
        .all<{ session_id: string; channel: string }>()
    : { results: [] };
  const channelOf = new Map(results.map((r) => [r.session_id, r.channel]));
  return (p) => channelOf.get(p.sessionId) ?? UNKNOWN_CHANNEL;
}

/** How a channel group reads on the dashboard. */
export const channelGroupLabel = (group: string) => (group === UNKNOWN_CHANNEL ? 'Unknown (no session)' : (CHANNEL_LABELS[group as Channel] ?? group));
