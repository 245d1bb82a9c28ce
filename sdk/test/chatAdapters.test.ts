import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import crisp from '../src/chunks/chat-crisp';
import hubspot from '../src/chunks/chat-hubspot';
import intercom from '../src/chunks/chat-intercom';
import tawk from '../src/chunks/chat-tawk';
import { watchChatWidgets } from '../src/chunks/chat';
import zendesk from '../src/chunks/chat-zendesk';
import { createTracker } from '../src/createTracker';
import type { HoptrailEvent } from '../src/types';
import { installCrisp, installHubSpot, installIntercom, installTawk, installZendesk, uninstallAll } from './chatStandIns';

// The `extras` and `chat` chunks load from the collector in the browser (e2e/chat.test.ts); here from source.
vi.mock('../src/lib/loadChunk', () => ({
  loadChunk: (_api: string, name: string) => (/^(chat|extras)/.test(name) ? import(`../src/chunks/${name}.ts`) : Promise.reject(new Error(`not here: ${name}`))),
}));

let posts: { events: HoptrailEvent[] }[];
beforeEach(() => {
  localStorage.clear();
  uninstallAll();
  posts = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    if (!String(url).endsWith('/v1/events')) return new Response('{"surveys":[]}');
    posts.push(JSON.parse(init.body as string));
    return new Response('{}', { status: 200 });
  });
});
afterEach(async () => {
  vi.useRealTimers();
  // The extras chunk of a tracker made late in a test reads active surveys once it is in: let that hit the stub.
  await new Promise((r) => setTimeout(r, 30));
  vi.unstubAllGlobals();
  uninstallAll();
});

const tracker = () => createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
/** The chat events sent, compactly: `chat_message agent`, `chat_ended resolved`. */
async function chatLog(t: ReturnType<typeof tracker>) {
  await new Promise((r) => setTimeout(r, 50));
  await t.flush();
  return posts
    .flatMap((p) => p.events)
    .map((e) => {
      const p = e.props as any;
      if (e.type === 'chat_started') return `started ${p.channel}${p.agent ? ` ${p.agent}` : ''}`;
      if (e.type === 'chat_message') return `message ${p.from} ${p.length}`;
      return `ended ${p.resolved ? 'resolved' : 'unresolved'}${p.rating ? ` ${p.rating}` : ''}`;
    });
}

describe('chat adapters against each vendor’s documented API', () => {
  it('Crisp: hooks the $crisp queue before the chatbox loads; opened → messages → closed', async () => {
    const widget = installCrisp();
    const t = tracker();
    crisp(t);
    widget.load();
    widget.fire('chat:opened');
    widget.fire('message:sent', { type: 'text', content: 'Hi, my parcel?', from: 'user', origin: 'chat' });
    widget.fire('message:received', { type: 'text', content: 'Hello! Checking.', from: 'operator', origin: 'urn:crisp.im:operator:1', user: { nickname: 'Ana' } });
    widget.fire('message:received', { type: 'text', content: 'Found it', from: 'operator', origin: 'urn:crisp.im:bot:0' });
    widget.fire('chat:closed');
    expect(await chatLog(t)).toEqual(['started crisp', 'message visitor 14', 'message agent 16', 'message bot 8', 'ended resolved']);
  });

  it('Crisp: opening and closing the chatbox without a word is not a finished conversation', async () => {
    const widget = installCrisp();
    const t = tracker();
    crisp(t);
    widget.load();
    widget.fire('chat:opened');
    widget.fire('chat:closed');
    expect(await chatLog(t)).toEqual(['started crisp']);
  });

  it('Intercom: works through the snippet stub; show, unread increases as agent messages, email, hide', async () => {
    const widget = installIntercom();
    const t = tracker();
    intercom(t);
    widget.boot();
    widget.fire('onShow');
    widget.fire('onUserEmailSupplied');
    widget.fire('onUnreadCountChange', 2);
    widget.fire('onUnreadCountChange', 0);
    widget.fire('onHide');
    expect(await chatLog(t)).toEqual(['started intercom', 'message visitor 0', 'message agent 0', 'message agent 0', 'ended resolved']);
  });

  it('Tawk.to: chains the site’s own callbacks; agent name, messages, satisfaction and end', async () => {
    const widget = installTawk();
    const siteSaw: string[] = [];
    (window as any).Tawk_API.onChatEnded = () => siteSaw.push('ended');
    const t = tracker();
    tawk(t);
    widget.fire('onAgentJoinChat', { name: 'Sam', position: 'Support', image: '', id: 'a1' });
    widget.fire('onChatStarted', { chatId: 'c1' });
    widget.fire('onChatMessageVisitor', 'Need a refund');
    widget.fire('onChatMessageAgent', 'Done!');
    widget.fire('onChatSatisfaction', -1);
    widget.fire('onChatEnded');
    expect(await chatLog(t)).toEqual(['started tawk Sam', 'message visitor 13', 'message agent 5', 'ended resolved 1']);
    expect(siteSaw).toEqual(['ended']);
    // A callback the site assigns after Hoptrail hooked in runs too, and Hoptrail keeps reporting.
    (window as any).Tawk_API.onChatStarted = () => siteSaw.push('started again');
    widget.fire('onChatStarted', { chatId: 'c2' });
    expect(siteSaw).toEqual(['ended', 'started again']);
    expect((await chatLog(t)).at(-1)).toBe('started tawk Sam');
  });

  it('Zendesk messaging: open, unread messages, close', async () => {
    const widget = installZendesk();
    const t = tracker();
    zendesk(t);
    widget.fire('open', { id: 'e1', createdAt: Date.now(), type: 'messagingOpened' });
    widget.fire('unreadMessages', 1);
    widget.fire('close', { id: 'e2', createdAt: Date.now(), type: 'messagingClosed' });
    expect(await chatLog(t)).toEqual(['started zendesk', 'message agent 0', 'ended resolved']);
  });

  it('HubSpot: waits through hsConversationsOnReady; started, unread, closed in the inbox = resolved', async () => {
    const widget = installHubSpot();
    const t = tracker();
    hubspot(t);
    widget.ready();
    widget.fire('conversationStarted', { conversation: { conversationId: 1234 } });
    widget.fire('unreadConversationCountChanged', { unreadCount: 1 });
    widget.fire('conversationClosed', { conversation: { conversationId: 1234 } });
    expect(await chatLog(t)).toEqual(['started hubspot', 'message agent 0', 'ended resolved']);
  });

  it('a vendor callback with an unexpected payload never throws into the vendor’s widget', () => {
    const widget = installTawk();
    const t = tracker();
    tawk(t);
    expect(() => {
      widget.fire('onAgentJoinChat', null);
      widget.fire('onChatMessageAgent', undefined);
    }).not.toThrow();
  });
});

describe('data-chat: adapters load only when their vendor is on the page', () => {
  const loaders = {
    'chat-crisp': () => import('../src/chunks/chat-crisp'),
    'chat-intercom': () => import('../src/chunks/chat-intercom'),
    'chat-tawk': () => import('../src/chunks/chat-tawk'),
    'chat-zendesk': () => import('../src/chunks/chat-zendesk'),
    'chat-hubspot': () => import('../src/chunks/chat-hubspot'),
  } as Record<string, () => Promise<any>>;

  it('auto: loads Crisp at once, Zendesk when its global appears, and never the absent ones', async () => {
    vi.useFakeTimers();
    installCrisp();
    const loaded: string[] = [];
    const t = tracker();
    watchChatWidgets(t, 'auto', () => {}, (name) => (loaded.push(name), loaders[name]()), 500);
    expect(loaded).toEqual(['chat-crisp']);
    await vi.advanceTimersByTimeAsync(1000);
    installZendesk();
    await vi.advanceTimersByTimeAsync(500);
    expect(loaded).toEqual(['chat-crisp', 'chat-zendesk']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(loaded).toEqual(['chat-crisp', 'chat-zendesk']);
  });

  it('a comma list watches only the named vendors and logs unknown names', async () => {
    installCrisp();
    installTawk();
    const loaded: string[] = [];
    const logged: unknown[][] = [];
    let adapter: Promise<unknown> | undefined;
    watchChatWidgets(tracker(), 'tawk, drift', (...a) => logged.push(a), (name) => (loaded.push(name), (adapter = loaders[name]())));
    await adapter;
    expect(loaded).toEqual(['chat-tawk']);
    expect(logged).toEqual([['unknown chat widget:', 'drift']]);
  });
});
