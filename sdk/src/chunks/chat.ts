/**
 * The lazy part of `hoptrail.chat`, loaded on the first chat call or at start with `data-chat`. The
 * core only keeps each call with the time it was made (so timing is exact even while this loads); this
 * turns calls into events (lib/chatEvent.ts), and with `data-chat` (`auto`, or a comma list such as
 * `crisp,intercom`) checks every half second for each vendor's global until the page is hidden (sites
 * add widgets whenever they like: after a consent banner, on a click, a minute later) and loads a
 * vendor's adapter chunk (`chat-<vendor>`) only when that vendor's widget is on the page.
 */
import { CHOICE_KEY, load as load_ } from '../lib/storage';
import type { ChatCall, Emit } from '../createTracker';
import { chatEvent } from '../lib/chatEvent';
import { loadChunk } from '../lib/loadChunk';
import type { ChatApi, Config, EventInput, Hoptrail } from '../types';

type Log = (...a: unknown[]) => void;
/** What the `extras` chunk hands over: the collector's origin (no trailing slash), the debug log, the tracker. */
export type ChatContext = { api: string; log: Log; tracker: Hoptrail };

/**
 * Vendor → global its snippet defines. HubSpot's is its Conversations API, which appears once the
 * widget is ready: waiting for it here spares the adapter `hsConversationsOnReady`, which sites assign.
 */
export const CHAT_VENDORS: Record<string, string> = {
  crisp: '$crisp',
  intercom: 'Intercom',
  tawk: 'Tawk_API',
  zendesk: 'zE',
  hubspot: 'HubSpotConversations',
};

/** An adapter gets the tracker and the vendor's global as the watcher first saw it (Crisp: its queue). */
export type Adapter = { default: (t: Hoptrail, seen?: unknown) => void };

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
  let timer: ReturnType<typeof setTimeout>;
  const check = () => {
    // After an in-page optOut() nothing more is fetched, adapters included.
    if (load_(CHOICE_KEY, true) == 'out') return;
    left = left.filter((name) => {
      if (!CHAT_VENDORS[name]) return log('unknown chat widget:', name), false;
      if (!(CHAT_VENDORS[name] in window)) return true;
      const seen = (window as any)[CHAT_VENDORS[name]];
      load(`chat-${name}`)
        .then((m) => (m.default(tracker, seen), log('chat widget hooked:', name)))
        .catch(log);
      return false;
    });
    if (left.length) timer = setTimeout(check, everyMs);
  };
  // Stops when the page goes away; a page restored from the back/forward cache watches again.
  addEventListener('pagehide', () => clearTimeout(timer));
  addEventListener('pageshow', (e) => e.persisted && check());
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
