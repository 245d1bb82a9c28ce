/**
 * Intercom adapter (https://developers.intercom.com/installing-intercom/web/methods): Intercom's JS API
 * has no message events, so: onShow starts, onUnreadCountChange increases are agent messages,
 * onUserEmailSupplied is a visitor message (the visitor typed their email into the Messenger),
 * onHide ends if something was said. Works on the snippet's queueing stub too.
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

export default function intercom(t: Hoptrail) {
  const Intercom = (window as unknown as { Intercom: (method: string, cb: (a?: unknown) => void) => void }).Intercom;
  const s = chatSession(t, 'intercom');
  Intercom('onShow', s.guard(() => s.start()));
  Intercom('onUnreadCountChange', s.guard((count) => s.unread(count)));
  Intercom('onUserEmailSupplied', s.guard(() => s.message('visitor')));
  Intercom('onHide', s.guard(() => s.closed()));
}
