/**
 * Tawk.to adapter (https://developer.tawk.to/jsapi/). The widget dispatches each callback as a window
 * CustomEvent `tawk<Name>` with its argument as `detail`, which is what tawk.to's own wrapper listens to
 * (https://github.com/tawk/tawk-messenger-react/blob/main/src/index.js): listening there leaves
 * `Tawk_API` and the site's callbacks on it untouched. tawkChatStarted starts, tawkChatMessageVisitor /
 * tawkChatMessageAgent / tawkChatMessageSystem are visitor / agent / bot messages, tawkAgentJoinChat
 * names the agent, tawkChatSatisfaction (1 like, 0 neutral, -1 dislike) is the rating (5, 3, 1),
 * tawkChatEnded ends.
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

export default function tawk(t: Hoptrail) {
  const s = chatSession(t, 'tawk');
  let agent: string | undefined;
  let rating: number | undefined;
  const on = (name: string, cb: (detail: any) => void) => addEventListener(`tawk${name}`, s.guard((e) => cb((e as CustomEvent).detail)));
  const text = (m: any) => (typeof m == 'string' ? m : m?.message);
  on('ChatStarted', () => s.start(agent));
  on('AgentJoinChat', (d) => (agent = d?.name));
  on('ChatMessageVisitor', (m) => s.message('visitor', text(m)));
  on('ChatMessageAgent', (m) => s.message('agent', text(m)));
  on('ChatMessageSystem', (m) => s.message('bot', text(m)));
  on('ChatSatisfaction', (v) => (rating = [1, 3, 5][v + 1]));
  on('ChatEnded', () => (s.end(undefined, rating), (rating = undefined)));
}
