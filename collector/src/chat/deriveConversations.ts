import type { JourneyEvent } from '../store/journeys';

/** A conversation with what the collector derives from its events (computed at read, never stored). */
export interface Conversation {
  /** The vendor's conversation id when known, else the id of the conversation's first event. */
  id: string;
  channel: string | null;
  agent: string | null;
  startedAt: number;
  endedAt: number | null;
  lastActivityAt: number;
  /** Start to end (or to the last activity while open), ms. */
  durationMs: number;
  messages: { visitor: number; agent: number; bot: number; total: number };
  /** First visitor message → first agent or bot reply after it, ms; null until someone replied. */
  firstResponseMs: number | null;
  /** The same, counting only human agents. */
  firstAgentResponseMs: number | null;
  /** resolved / unresolved (ended), abandoned (no end and idle over 30 min), open. */
  outcome: 'resolved' | 'unresolved' | 'abandoned' | 'open';
  rating: number | null;
  eventIds: string[];
}

/** After this long without activity, a conversation with no end is abandoned, and a new start is a new one. */
export const CHAT_IDLE_MS = 30 * 60_000;

type Props = { channel?: string; agent?: string; conversationId?: string; from?: string; resolved?: boolean; rating?: number };

/**
 * Groups chat events (journey order) into conversations. Events naming a vendor conversation id
 * group by it; otherwise a start continues the open conversation unless it has been idle for
 * 30 minutes (widgets fire "opened" on every page), a message with none open starts one, and an end
 * closes the open one.
 */
export function deriveConversations(events: JourneyEvent[], now: number): Conversation[] {
  const all: (Conversation & { firstVisitorAt: number | null; ended: boolean; vendorId: string | null })[] = [];
  for (const e of events) {
    const p = (e.props ?? {}) as Props;
    const vendorId = p.conversationId ?? null;
    let c = [...all]
      .reverse()
      .find((x) => !x.ended && (vendorId ? x.vendorId === vendorId : e.ts - x.lastActivityAt < CHAT_IDLE_MS));
    if (!c && e.type === 'chat_ended') continue;
    if (!c) {
      c = {
        id: vendorId ?? e.id,
        vendorId,
        channel: null,
        agent: null,
        startedAt: e.ts,
        endedAt: null,
        lastActivityAt: e.ts,
        durationMs: 0,
        messages: { visitor: 0, agent: 0, bot: 0, total: 0 },
        firstResponseMs: null,
        firstAgentResponseMs: null,
        outcome: 'open',
        rating: null,
        eventIds: [],
        firstVisitorAt: null,
        ended: false,
      };
      all.push(c);
    }
    c.eventIds.push(e.id);
    c.lastActivityAt = Math.max(c.lastActivityAt, e.ts);
    c.channel ??= p.channel ?? null;
    c.agent ??= p.agent ?? null;
    if (e.type === 'chat_message' && (p.from === 'visitor' || p.from === 'agent' || p.from === 'bot')) {
      c.messages[p.from]++;
      c.messages.total++;
      if (p.from === 'visitor') c.firstVisitorAt ??= e.ts;
      else if (c.firstVisitorAt !== null) {
        c.firstResponseMs ??= e.ts - c.firstVisitorAt;
        if (p.from === 'agent') c.firstAgentResponseMs ??= e.ts - c.firstVisitorAt;
      }
    }
    if (e.type === 'chat_ended') {
      c.ended = true;
      c.endedAt = e.ts;
      c.outcome = p.resolved ? 'resolved' : 'unresolved';
      c.rating = p.rating ?? null;
    }
  }
  return all.map(({ firstVisitorAt: _f, ended, vendorId: _v, ...c }) => ({
    ...c,
    durationMs: (c.endedAt ?? c.lastActivityAt) - c.startedAt,
    outcome: ended ? c.outcome : now - c.lastActivityAt > CHAT_IDLE_MS ? 'abandoned' : 'open',
  }));
}
