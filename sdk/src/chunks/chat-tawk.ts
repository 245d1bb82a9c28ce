/**
 * Tawk.to adapter (https://developer.tawk.to/jsapi/): callbacks are properties of `Tawk_API`, so each is
 * chained with the site's own, whether set before or after. onChatStarted starts, onChatMessageVisitor / onChatMessageAgent /
 * onChatMessageSystem are visitor / agent / bot messages, onAgentJoinChat names the agent,
 * onChatSatisfaction (1 up, -1 down, 0 removed) is the rating, onChatEnded ends.
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

type Callback = (...a: unknown[]) => void;

export default function tawk(t: Hoptrail) {
  const api = (window as unknown as { Tawk_API: Record<string, unknown> }).Tawk_API;
  const s = chatSession(t, 'tawk');
  let agent: string | undefined;
  let rating: number | undefined;
  // An accessor keeps our callback first even when the site assigns its own later: theirs is chained.
  const hook = (name: string, cb: Callback) => {
    let theirs = api[name];
    const ours = function (this: unknown, ...a: unknown[]) {
      s.guard(cb)(...a);
      if (typeof theirs == 'function') return theirs.apply(this, a);
    };
    Object.defineProperty(api, name, { configurable: true, enumerable: true, get: () => ours, set: (f) => (theirs = f) });
  };
  const text = (m: unknown) => (typeof m == 'string' ? m : (m as { message?: string } | null)?.message);
  hook('onChatStarted', () => s.start(agent));
  hook('onAgentJoinChat', (d) => (agent = (d as { name?: string })?.name));
  hook('onChatMessageVisitor', (m) => s.message('visitor', text(m)));
  hook('onChatMessageAgent', (m) => s.message('agent', text(m)));
  hook('onChatMessageSystem', (m) => s.message('bot', text(m)));
  hook('onChatSatisfaction', (v) => (rating = v === 1 ? 5 : v === -1 ? 1 : undefined));
  hook('onChatEnded', () => s.end(undefined, rating));
}
