import type { ChatApi, EventInput } from '../types';
import { TYPE } from '../../../collector/src/schema/vocabulary';

/**
 * The chat events for `hoptrail.chat` calls. Inputs are coerced because one invalid event makes the
 * collector refuse its whole batch; message text is kept only when the site opted in
 * (`data-chat-text="true"`), otherwise only its length leaves the page. Returns the event, or nothing
 * (after logging why) to drop the call.
 */
export function chatEvent(method: keyof ChatApi, o: any, allowText: boolean | undefined, log: (...a: unknown[]) => void): EventInput | void {
  const str = (v: unknown) => (v == null || v === '' ? undefined : String(v).slice(0, 200));
  if (method == 'started') return { type: TYPE.chatStarted, props: { channel: str(o.channel) ?? 'site', agent: str(o.agent) } };
  if (method == 'ended') {
    const rating = /^[1-5]$/.test(String(o.rating)) ? Number(o.rating) : undefined;
    return { type: TYPE.chatEnded, props: { resolved: !!o.resolved, rating } };
  }
  if (!['visitor', 'agent', 'bot'].includes(o.from)) return log('chat.message() needs from: visitor, agent or bot', o);
  const text = o.text == null ? '' : String(o.text);
  const length = text ? text.length : Number.isFinite(o.length) ? Math.max(0, Math.round(o.length)) : 0;
  return {
    type: TYPE.chatMessage,
    props: { from: o.from, length: Math.min(length, 2 ** 32), text: allowText && text ? text.slice(0, 1024) : undefined },
  };
}
