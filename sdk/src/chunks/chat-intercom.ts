/**
 * Intercom adapter (https://developers.intercom.com/installing-intercom/web/methods): Intercom's JS API
 * has no message events, so: onShow starts, increases of the unread count are agent messages, onHide
 * ends if something was said. The unread count is reported right after registration (a visitor may
 * arrive with unread replies): that first report is the baseline, not new messages. The visitor's own
 * messages are not visible (onUserEmailSupplied is an email typed into the Messenger, not a message).
 * Works on the snippet's queueing stub too.
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

export default function intercom(t: Hoptrail) {
  const Intercom = (window as unknown as { Intercom: (method: string, cb: (a?: unknown) => void) => void }).Intercom;
  const s = chatSession(t, 'intercom');
  Intercom('onShow', s.guard(() => s.start()));
  Intercom('onUnreadCountChange', s.guard((count) => s.unread(count)));
  Intercom('onHide', s.guard(() => s.closed()));
}
