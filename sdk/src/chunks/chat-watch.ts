/**
 * Lazy part loaded when the script tag says `data-chat` (`auto`, or a comma list such as
 * `crisp,intercom`). Polls for each vendor's global for 30 s (widget snippets load asynchronously)
 * and loads a vendor's adapter chunk (`chat-<vendor>`) only when that vendor's widget is on the page.
 */
import { loadChunk } from '../lib/loadChunk';
import type { Hoptrail } from '../types';

/** Vendor → globals its snippet defines (HubSpot's API object appears late; its queue and tracker earlier). */
export const CHAT_VENDORS: Record<string, string[]> = {
  crisp: ['$crisp'],
  intercom: ['Intercom'],
  tawk: ['Tawk_API'],
  zendesk: ['zE'],
  hubspot: ['HubSpotConversations', 'hsConversationsOnReady', '_hsq'],
};

export type Adapter = { default: (t: Hoptrail) => void };

export default function watchChatWidgets(
  tracker: Hoptrail,
  which: string,
  log: (...a: unknown[]) => void,
  load: (name: string) => Promise<Adapter>,
  everyMs = 500,
): void {
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

/** How the core starts it: adapters come from the collector, like this chunk. */
export const start = (api: string, tracker: Hoptrail, which: string, log: (...a: unknown[]) => void) =>
  watchChatWidgets(tracker, which, log, (name) => loadChunk<Adapter>(api, name));
