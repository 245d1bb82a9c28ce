/**
 * HubSpot chat adapter (https://developers.hubspot.com/docs/api-reference/conversations-chat-configuration/chat-widget-sdk):
 * `window.HubSpotConversations.on(event, cb)`, waiting through `window.hsConversationsOnReady` when the
 * API is not there yet. conversationStarted starts, unreadConversationCountChanged increases are agent
 * messages, conversationClosed (closed by the team in the inbox) ends as resolved.
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

type Conversations = { on: (event: string, cb: (payload: any) => void) => void };
type W = { HubSpotConversations?: Conversations; hsConversationsOnReady?: (() => void)[] };

export default function hubspot(t: Hoptrail) {
  const w = window as unknown as W;
  const s = chatSession(t, 'hubspot');
  const hook = () => {
    const api = w.HubSpotConversations!;
    api.on('conversationStarted', s.guard(() => s.start()));
    api.on('unreadConversationCountChanged', s.guard((p) => s.unread(p?.unreadCount)));
    api.on('conversationClosed', s.guard(() => s.end(true)));
  };
  if (w.HubSpotConversations) hook();
  else (w.hsConversationsOnReady = w.hsConversationsOnReady || []).push(s.guard(hook));
}
