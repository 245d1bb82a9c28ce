/**
 * Zendesk messaging Web Widget adapter (https://developer.zendesk.com/api-reference/widget-messaging/web/core/):
 * `zE('messenger:on', 'open' | 'close' | 'unreadMessages', callback)`. Open starts, increases of the
 * unread count are agent messages, close ends if something was said.
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

export default function zendesk(t: Hoptrail) {
  const zE = (window as unknown as { zE: (ns: string, event: string, cb: (a?: unknown) => void) => void }).zE;
  const s = chatSession(t, 'zendesk');
  zE('messenger:on', 'open', s.guard(() => s.start()));
  zE('messenger:on', 'unreadMessages', s.guard((count) => s.unread(count)));
  zE('messenger:on', 'close', s.guard(() => s.closed()));
}
