import type { Hoptrail } from '../types';

type From = 'visitor' | 'agent' | 'bot';

/**
 * The conversation state a chat adapter keeps between a widget's callbacks, so every adapter reports
 * the same way: the first sign of a chat starts it, messages count, and the end says whether the
 * visitor's last message got an answer. Callbacks run inside the vendor's code: `guard` keeps our
 * errors out of it.
 */
export function chatSession(t: Hoptrail, channel: string) {
  let open = false;
  let messages = 0;
  let lastFrom: From | null = null;
  let unread: number | undefined;
  const s = {
    guard:
      <A extends unknown[]>(fn: (...a: A) => void) =>
      (...a: A) => {
        try {
          fn(...a);
        } catch {
          // Never break the vendor's widget.
        }
      },
    start(agent?: string) {
      if (open) return;
      open = true;
      messages = 0;
      lastFrom = null;
      t.chat.started({ channel, ...(agent && { agent }) });
    },
    message(from: From, text?: unknown) {
      s.start();
      messages++;
      lastFrom = from;
      // The text goes to hoptrail.chat, which keeps only its length unless the site opted in.
      t.chat.message({ from, ...(typeof text == 'string' && { text }) });
    },
    /**
     * Unread counters (Intercom, Zendesk, HubSpot): each increase is that many new agent messages. The
     * first report is the baseline: Intercom and Zendesk report the count right after registration.
     */
    unread(count: unknown) {
      const n = Number(count) || 0;
      if (unread != null) for (let i = unread; i < Math.min(n, unread + 20); i++) s.message('agent');
      unread = n;
    },
    /** The conversation ended: resolved unless told otherwise by a vendor that knows, the last word was an answer. */
    end(resolved?: boolean, rating?: number) {
      if (!open) return;
      open = false;
      t.chat.ended({ resolved: resolved ?? (lastFrom == 'agent' || lastFrom == 'bot'), ...(rating && { rating }) });
    },
    /** The widget was closed: an end only if something was said (opening and closing is not a chat). */
    closed() {
      if (messages) s.end();
    },
  };
  return s;
}
