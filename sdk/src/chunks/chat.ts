/**
 * The lazy part of `hoptrail.chat`, loaded on the first chat call or at start with `data-chat`. The
 * core only keeps each call with the time it was made (so timing is exact even while this loads); this
 * turns calls into events (lib/chatEvent.ts), and with `data-chat` (`auto`, or a comma list such as
 * `crisp,intercom`) polls for each vendor's global for 30 s (widget snippets load asynchronously) and
 * loads a vendor's adapter chunk (`chat-<vendor>`) only when that vendor's widget is on the page.
 */
import type { ChatCall, Emit } from '../createTracker';
import { chatEvent } from '../lib/chatEvent';
import { loadChunk } from '../lib/loadChunk';
import type { ChatApi, Config, EventInput, Hoptrail } from '../types';

type Log = (...a: unknown[]) => void;
/** What the `extras` chunk hands over: the collector's origin (no trailing slash), the debug log, the tracker. */
export type ChatContext = { api: string; log: Log; tracker: Hoptrail };

/** Vendor → globals its snippet defines (HubSpot's API object appears late; its queue and tracker earlier). */
export const CHAT_VENDORS: Record<string, string[]> = {
  crisp: ['$crisp'],
  intercom: ['Intercom'],
  tawk: ['Tawk_API'],
  zendesk: ['zE'],
  hubspot: ['HubSpotConversations', 'hsConversationsOnReady', '_hsq'],
};

export type Adapter = { default: (t: Hoptrail) => void };

/** How the core hands a call over: the method, its argument and when it was made. */
function handler(emit: (e: EventInput & { ts: number }) => void, log: Log, allowText?: boolean) {
  // Runs inside page code (a site's call, or a vendor widget's callback through an adapter): never throws.
  return (method: keyof ChatApi, o: unknown, ts: number) => {
    try {
      const event = chatEvent(method, Object(o), allowText, log);
      if (event) emit({ ...event, ts });
    } catch (err) {
      log('dropped:', err);
    }
  };
}

export function watchChatWidgets(tracker: Hoptrail, which: string, log: Log, load: (name: string) => Promise<Adapter>, everyMs = 500): void {
  let left = which.trim() == 'auto' ? Object.keys(CHAT_VENDORS) : which.split(',').map((n) => n.trim().toLowerCase());
  let tries = 0;
  const check = () => {
    left = left.filter((name) => {
      if (!CHAT_VENDORS[name]) return log('unknown chat widget:', name), false;
      if (!CHAT_VENDORS[name].some((g) => g in window)) return true;
      load(`chat-${name}`)
        .then((m) => m.default(tracker))
        .catch(log);
      return false;
    });
    if (left.length && ++tries < 60) setTimeout(check, everyMs);
  };
  check();
}

/**
 * Loaded by the `extras` chunk on the first chat call, or at start with `data-chat` (then hooks the
 * widgets; adapters come from the collector, like this chunk). Returns what takes each chat call.
 */
export default function chat(emit: Emit, config: Config, { api, log, tracker }: ChatContext): (call: ChatCall) => void {
  // `true` from init(), `"true"` from the script tag's data-chat-text.
  const run = handler(emit as never, log, '' + config.chatText == 'true');
  if (config.chat) watchChatWidgets(tracker, config.chat, log, (name) => loadChunk<Adapter>(api, name));
  return (c) => run(...c);
}
