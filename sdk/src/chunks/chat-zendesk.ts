/**
 * Zendesk adapter, for both widgets that define `zE` (each ignores the other's commands):
 * - messaging (https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/sdk_api_reference/):
 *   `zE('messenger:on', 'open' | 'close' | 'unreadMessages', cb)`: open starts, close ends if something
 *   was said;
 * - Web Widget (Classic) chat (https://developer.zendesk.com/api-reference/widget/chat-api/):
 *   `zE('webWidget:on', 'chat:start' | 'chat:end' | 'chat:unreadMessages', cb)`: a chat starts and ends.
 * Increases of the unread count are agent messages; its first report, right after registration, is the
 * baseline (a visitor may arrive with unread messages).
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

export default function zendesk(t: Hoptrail) {
  const zE = (window as unknown as { zE: (ns: string, event: string, cb: (a?: unknown) => void) => void }).zE;
  const s = chatSession(t, 'zendesk');
  const on = (ns: string, event: string, cb: (a?: unknown) => void) => {
    try {
      zE(ns, event, s.guard(cb));
    } catch {
      // The other widget refused a command it does not know.
    }
  };
  on('messenger:on', 'open', () => s.start());
  on('messenger:on', 'unreadMessages', (count) => s.unread(count));
  on('messenger:on', 'close', () => s.closed());
  on('webWidget:on', 'chat:start', () => s.start());
  on('webWidget:on', 'chat:unreadMessages', (count) => s.unread(count));
  on('webWidget:on', 'chat:end', () => s.end());
}
