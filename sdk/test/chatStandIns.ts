/**
 * Faithful stand-ins of each chat vendor's documented browser API surface: the parts Hoptrail's
 * adapters use, behaving as the vendor's documentation says (queues before load, callback shapes).
 * Each test drives them the way the real widget would.
 */
type Fn = (...a: any[]) => unknown;
const w = window as any;

/**
 * Crisp (https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/dollar-crisp): the snippet defines
 * `window.$crisp = []`; `$crisp.push(["on", event, callback])` is async-safe: queued until the chatbox
 * loads, then it registers. Message callbacks get a message object ({ type, content, from, origin }).
 */
export function installCrisp() {
  w.$crisp = [];
  const handlers: Record<string, Fn[]> = {};
  const register = ([verb, event, cb]: [string, string, Fn]) => {
    if (verb === 'on') (handlers[event] ||= []).push(cb);
  };
  return {
    /** The chatbox script loads: replays the queue, then handles pushes directly. */
    load() {
      const queued = w.$crisp as [string, string, Fn][];
      w.$crisp = { push: (...items: [string, string, Fn][]) => items.forEach(register) };
      queued.forEach(register);
    },
    fire: (event: string, payload?: unknown) => (handlers[event] || []).forEach((cb) => cb(payload)),
  };
}

/**
 * Intercom (https://developers.intercom.com/installing-intercom/web/methods): the snippet's stub
 * `Intercom(...)` queues calls in `Intercom.q` until the library boots; then `Intercom('onShow', cb)`,
 * `('onHide', cb)`, `('onUnreadCountChange', cb(unreadCount))`, `('onUserEmailSupplied', cb)` register.
 */
export function installIntercom() {
  const stub: any = function (...args: unknown[]) {
    stub.c(args);
  };
  stub.q = [];
  stub.c = (args: unknown[]) => stub.q.push(args);
  w.Intercom = stub;
  const handlers: Record<string, Fn[]> = {};
  return {
    boot() {
      const queued = stub.q as [string, Fn][];
      w.Intercom = (method: string, cb: Fn) => {
        if (method.startsWith('on')) (handlers[method] ||= []).push(cb);
      };
      queued.forEach(([m, cb]) => w.Intercom(m, cb));
    },
    fire: (method: string, arg?: unknown) => (handlers[method] || []).forEach((cb) => cb(arg)),
  };
}

/**
 * Tawk.to (https://developer.tawk.to/jsapi/): the snippet defines `var Tawk_API = Tawk_API || {}`;
 * the widget calls callbacks assigned as its properties: onChatStarted(data), onAgentJoinChat({ name, … }),
 * onChatMessageVisitor(message), onChatMessageAgent(message), onChatMessageSystem(message),
 * onChatSatisfaction(satisfaction: 1 | -1 | 0), onChatEnded().
 */
export function installTawk() {
  w.Tawk_API = {};
  return { fire: (name: string, arg?: unknown) => w.Tawk_API[name]?.(arg) };
}

/**
 * Zendesk messaging Web Widget (https://developer.zendesk.com/api-reference/widget-messaging/web/core/):
 * `zE('messenger:on', 'open' | 'close' | 'unreadMessages', callback)`; unreadMessages passes the count.
 */
export function installZendesk() {
  const handlers: Record<string, Fn[]> = {};
  w.zE = (ns: string, event: string, cb: Fn) => {
    if (ns === 'messenger:on') (handlers[event] ||= []).push(cb);
    return () => {};
  };
  return { fire: (event: string, arg?: unknown) => (handlers[event] || []).forEach((cb) => cb(arg)) };
}

/**
 * HubSpot (https://developers.hubspot.com/docs/api-reference/conversations-chat-configuration/chat-widget-sdk):
 * `window.HubSpotConversations` appears once the widget initialised, which then calls every function in
 * `window.hsConversationsOnReady`; `.on(event, cb)`: conversationStarted / conversationClosed get
 * `{ conversation: { conversationId } }`, unreadConversationCountChanged gets `{ unreadCount }`.
 */
export function installHubSpot() {
  const handlers: Record<string, Fn[]> = {};
  return {
    ready() {
      w.HubSpotConversations = { on: (event: string, cb: Fn) => (handlers[event] ||= []).push(cb), off() {} };
      (w.hsConversationsOnReady || []).forEach((f: Fn) => f());
    },
    fire: (event: string, payload?: unknown) => (handlers[event] || []).forEach((cb) => cb(payload)),
  };
}

export function uninstallAll() {
  for (const g of ['$crisp', 'Intercom', 'Tawk_API', 'zE', 'HubSpotConversations', 'hsConversationsOnReady', '_hsq']) delete w[g];
}
