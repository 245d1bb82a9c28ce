import type { ChatApi, EventInput } from './types';

/**
 * `hoptrail.chat`: any chat, reported as counts and timing. Message text is sent only when the site
 * opted in (`data-chat-text="true"`); otherwise only its length leaves the page. Inputs are coerced
 * here because one invalid event makes the collector refuse its whole batch. Byte-lean on purpose:
 * this is in the core script (ARCHITECTURE.md, "Chat and tickets").
 */
export function createChat(emit: (e: EventInput) => void, log: (...a: unknown[]) => void, allowText?: boolean): ChatApi {
  // Strings capped at 200 (the schema's cap for chat names).
  const str = (v: unknown) => v && (v + '').slice(0, 200);
  const ev = (type: string, props: object) => emit({ type, props } as EventInput);
  return {
    started: (o) => ev('chat_started', { channel: str(o.channel) || 'site', agent: str(o.agent) || void 0 }),
    message(o) {
      const text = (o.text || '') + '';
      // `>>> 0` makes any length (NaN, negative, a string) a non-negative integer.
      /^(visitor|agent|bot)$/.test(o.from)
        ? ev('chat_message', { from: o.from, length: text.length || o.length! >>> 0, text: allowText && text ? text.slice(0, 1024) : void 0 })
        : log('bad chat', o);
    },
    ended: (o) => ev('chat_ended', { resolved: !!o.resolved, rating: /^[1-5]$/.test(o.rating as never) ? +o.rating! : void 0 }),
  };
}
