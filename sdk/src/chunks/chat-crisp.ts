/**
 * Crisp adapter ($crisp methods: https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/dollar-crisp/):
 * chat:opened starts, message:sent / message:received are visitor / operator messages (a bot when the
 * message's origin is a bot), chat:closed ends if something was said.
 *
 * Crisp keeps ONE callback per event: `["on", event, cb]` replaces the previous one (Crisp's own
 * crisp-sdk-web pushes `["off", event]` before every `on`: https://github.com/crisp-im/crisp-sdk-web,
 * src/message.ts). So Hoptrail registers one callback per event that runs its own handler, then the
 * site's, and wraps `$crisp.push` so the site's `on` / `off` for these events only change which site
 * handler is chained. Site handlers queued before this ran are read from the queue, also when the
 * chatbox has taken it over since the watcher saw it (`seen`). Crisp cannot list its listeners: a
 * handler pushed straight onto an already loaded chatbox before this ran is replaced. When the chatbox
 * loads it replaces the `$crisp` queue with its own object: the wrap is redone from
 * `CRISP_READY_TRIGGER` (called by Crisp once loaded: https://gist.github.com/valeriansaliou/7def9e4efe51182d40ec),
 * chained with the site's, and checked every second until the page is hidden.
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

type Callback = (this: unknown, ...a: any[]) => unknown;
type W = { $crisp?: { push: Callback } & unknown[]; CRISP_READY_TRIGGER?: Callback };

export default function crisp(t: Hoptrail, seen?: unknown) {
  const w = window as unknown as W;
  const s = chatSession(t, 'crisp');
  const theirs: Record<string, Callback | undefined> = {};
  const ours: Record<string, Callback> = {};
  const on = (event: string, cb: Callback) =>
    (ours[event] = function (...a) {
      s.guard(cb)(...a);
      return theirs[event]?.apply(this, a);
    });
  on('chat:opened', () => s.start());
  on('message:sent', (m) => s.message('visitor', m?.content));
  on('message:received', (m) => s.message(/bot/i.test(m?.origin) ? 'bot' : 'agent', m?.content));
  on('chat:closed', () => s.closed());

  /**
   * The site's `on` / `off` for one of our events (no other verb names these events) only changes the
   * site handler chained after ours: ours stays registered.
   */
  const rewrite = (item: unknown) => {
    const [verb, event, cb] = item as [string, string, Callback];
    if (!ours[event]) return item;
    if (cb != ours[event]) theirs[event] = verb == 'on' ? cb : undefined;
    return ['on', event, ours[event]];
  };
  let wrapped: Callback | undefined;
  const wrap = () => {
    const q = w.$crisp;
    if (!q || q.push == wrapped) return;
    if (Array.isArray(q)) q.forEach((item, i) => (q[i] = rewrite(item)));
    const push = q.push;
    wrapped = q.push = function (...items) {
      return push.apply(this, items.map(rewrite));
    };
  };
  if (Array.isArray(seen) && seen != w.$crisp) seen.forEach(rewrite);
  const ready = w.CRISP_READY_TRIGGER;
  w.CRISP_READY_TRIGGER = function (...a) {
    wrap();
    return ready?.apply(this, a);
  };
  wrap();
  for (const event in ours) w.$crisp!.push(['on', event, ours[event]]);
  const timer = setInterval(wrap, 1000);
  addEventListener('pagehide', () => clearInterval(timer));
}
