/**
 * Stand-ins of each chat vendor's browser API, written from the vendor's documentation (cited on each)
 * rather than from what Hoptrail's adapters expect: how many listeners an event keeps, when a callback
 * is first called, what a count counts, and that the widget may load at any time. Each offers only what
 * the real widget does, plus the handles a test needs to play the widget's side (`load`, `fire`, …).
 */
type Fn = (...a: any[]) => unknown;
const w = window as any;

/**
 * Crisp ($crisp methods: https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/dollar-crisp/). The snippet
 * defines `window.$crisp = []`; pushes are async-safe: queued until the chatbox loads, which replaces
 * `$crisp` with its own object (`push`, `is`, `get`; crisp-sdk-web tells "loaded" by `$crisp.is`,
 * https://github.com/crisp-im/crisp-sdk-web/blob/master/src/index.ts) and then calls
 * `window.CRISP_READY_TRIGGER` (https://gist.github.com/valeriansaliou/7def9e4efe51182d40ec).
 * `["on", event, callback]` keeps ONE callback per event: a later `on` replaces it, which is why
 * crisp-sdk-web pushes `["off", event]` before every `on` (src/message.ts, src/chat.ts there).
 */
export function installCrisp() {
  w.$crisp = [];
  const handlers: Record<string, Fn> = {};
  const run = (item: unknown) => {
    const [verb, event, cb] = item as [string, string, Fn];
    if (verb === 'on') handlers[event] = cb;
    if (verb === 'off') delete handlers[event];
  };
  return {
    /** The chatbox script has loaded: it takes over `$crisp`, runs the queue, then the ready trigger. */
    load() {
      const queued = w.$crisp as unknown[];
      w.$crisp = { push: (...items: unknown[]) => items.forEach(run), is: (what: string) => what === 'chat:closed', get: () => undefined };
      queued.forEach(run);
      w.CRISP_READY_TRIGGER?.();
    },
    fire: (event: string, payload?: unknown) => handlers[event]?.(payload),
  };
}

/**
 * Intercom (https://developers.intercom.com/installing-intercom/web/methods): the snippet's stub
 * `Intercom(...)` queues calls in `Intercom.q` until the library boots. `onShow`, `onHide`,
 * `onUnreadCountChange(cb(unreadCount))`, `onUserEmailSupplied` register callbacks; the unread count is
 * reported right after registration (the visitor may arrive with unread replies) and on every change.
 */
export function installIntercom(unreadAtLoad = 0) {
  const stub: any = function (...args: unknown[]) {
    stub.c(args);
  };
  stub.q = [];
  stub.c = (args: unknown[]) => stub.q.push(args);
  w.Intercom = stub;
  const handlers: Record<string, Fn[]> = {};
  let unread = unreadAtLoad;
  return {
    boot() {
      const queued = stub.q as [string, Fn][];
      w.Intercom = (method: string, cb: Fn) => {
        if (!method.startsWith('on')) return;
        (handlers[method] ||= []).push(cb);
        if (method === 'onUnreadCountChange') cb(unread);
      };
      queued.forEach(([m, cb]) => w.Intercom(m, cb));
    },
    fire: (method: string, arg?: unknown) => (handlers[method] || []).forEach((cb) => cb(arg)),
    /** The unread count changes (an operator replied, or the visitor read the replies). */
    setUnread(n: number) {
      if (n === unread) return;
      unread = n;
      (handlers.onUnreadCountChange || []).forEach((cb) => cb(n));
    },
  };
}

/**
 * Tawk.to (https://developer.tawk.to/jsapi/): the snippet defines `var Tawk_API = Tawk_API || {}`; the
 * widget calls the callbacks the site assigned as its properties (onChatStarted, onChatMessageVisitor(message),
 * onAgentJoinChat({ name, … }), onChatSatisfaction(-1 dislike | 0 neutral | 1 like), onChatEnded, …) and
 * dispatches each as a window CustomEvent `tawk<Name>` with the argument as `detail`, which is what
 * tawk.to's own wrapper listens to (https://github.com/tawk/tawk-messenger-react/blob/main/src/index.js,
 * `window.addEventListener('tawkChatStarted', …)`).
 */
export function installTawk() {
  w.Tawk_API = w.Tawk_API || {};
  return {
    fire(name: string, arg?: unknown) {
      w.Tawk_API[name]?.(arg);
      dispatchEvent(new CustomEvent(`tawk${name.slice(2)}`, { detail: arg }));
    },
  };
}

/**
 * Zendesk messaging Web Widget (https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/sdk_api_reference/):
 * `zE('messenger:on', 'open' | 'close' | 'unreadMessages', callback)`; unreadMessages "is passed the
 * current count of unread messages", which the live widget reports right after registration too, then
 * on each change. Commands of the Classic widget do nothing here.
 */
export function installZendesk(unreadAtLoad = 0) {
  const handlers: Record<string, Fn[]> = {};
  let unread = unreadAtLoad;
  w.zE = (ns: string, event: string, cb: Fn) => {
    if (ns !== 'messenger:on') return;
    (handlers[event] ||= []).push(cb);
    if (event === 'unreadMessages') cb(unread);
  };
  return {
    fire: (event: string, arg?: unknown) => (handlers[event] || []).forEach((cb) => cb(arg)),
    setUnread(n: number) {
      if (n === unread) return;
      unread = n;
      (handlers.unreadMessages || []).forEach((cb) => cb(n));
    },
  };
}

/**
 * Zendesk Web Widget (Classic), chat component (https://developer.zendesk.com/api-reference/widget/chat-api/):
 * `zE('webWidget:on', 'chat:start' | 'chat:end' | 'chat:unreadMessages', callback)`; unreadMessages
 * passes the count of unread messages, like messaging's (reported at registration, then on change).
 * Commands of the messaging widget do nothing here.
 */
export function installZendeskClassic(unreadAtLoad = 0) {
  const handlers: Record<string, Fn[]> = {};
  let unread = unreadAtLoad;
  w.zE = (ns: string, event: string, cb: Fn) => {
    if (ns !== 'webWidget:on') return;
    (handlers[event] ||= []).push(cb);
    if (event === 'chat:unreadMessages') cb(unread);
  };
  return {
    fire: (event: string, arg?: unknown) => (handlers[event] || []).forEach((cb) => cb(arg)),
    setUnread(n: number) {
      if (n === unread) return;
      unread = n;
      (handlers['chat:unreadMessages'] || []).forEach((cb) => cb(n));
    },
  };
}

/**
 * HubSpot (https://developers.hubspot.com/docs/api-reference/conversations-chat-configuration/chat-widget-sdk):
 * the tracking code creates `window.HubSpotConversations` once the widget has initialised, then calls
 * every function in `window.hsConversationsOnReady` (an array the site usually assigns:
 * `window.hsConversationsOnReady = [fn]`). `.on(event, cb)` / `.off(event, cb)` keep many listeners;
 * conversationStarted / conversationClosed get `{ conversation: { conversationId } }`;
 * unreadConversationCountChanged is emitted when the number of conversations with any unread message
 * changes, with `{ unreadCount }` (conversations, not messages).
 */
export function installHubSpot() {
  const handlers: Record<string, Fn[]> = {};
  let unread = 0;
  return {
    ready() {
      w.HubSpotConversations = {
        on: (event: string, cb: Fn) => (handlers[event] ||= []).push(cb),
        off: (event: string, cb: Fn) => (handlers[event] = (handlers[event] || []).filter((f) => f !== cb)),
      };
      (w.hsConversationsOnReady || []).forEach((f: Fn) => f());
    },
    fire: (event: string, payload?: unknown) => (handlers[event] || []).forEach((cb) => cb(payload)),
    /** `n` conversations now have unread messages. */
    setUnreadConversations(n: number) {
      if (n === unread) return;
      unread = n;
      (handlers.unreadConversationCountChanged || []).forEach((cb) => cb({ unreadCount: n }));
    },
  };
}

export function uninstallAll() {
  for (const g of ['$crisp', 'CRISP_READY_TRIGGER', 'Intercom', 'Tawk_API', 'zE', 'HubSpotConversations', 'hsConversationsOnReady', '_hsq']) delete w[g];
}
