/**
 * HubSpot chat adapter (https://developers.hubspot.com/docs/api-reference/conversations-chat-configuration/chat-widget-sdk):
 * loaded once `window.HubSpotConversations` exists (the watcher waits for it, rather than pushing onto
 * `hsConversationsOnReady`, which sites assign as `= [fn]`), then `.on(event, cb)`: conversationStarted
 * starts, conversationClosed (closed by the team in the inbox) ends as resolved.
 * unreadConversationCountChanged counts conversations with unread messages, not messages, and is emitted
 * only on change: each increase is a conversation with a new reply, counted as one agent message (at
 * least one was sent; more replies in an already unread conversation are not visible).
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

type Conversations = { on: (event: string, cb: (payload: any) => void) => void };

export default function hubspot(t: Hoptrail) {
  const api = (window as unknown as { HubSpotConversations: Conversations }).HubSpotConversations;
  const s = chatSession(t, 'hubspot');
  s.unread(0);
  api.on('conversationStarted', s.guard(() => s.start()));
  api.on('unreadConversationCountChanged', s.guard((p) => s.unread(p?.unreadCount)));
  api.on('conversationClosed', s.guard(() => s.end(true)));
}
