import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import crisp from '../src/chunks/chat-crisp';
import hubspot from '../src/chunks/chat-hubspot';
import intercom from '../src/chunks/chat-intercom';
import tawk from '../src/chunks/chat-tawk';
import { watchChatWidgets } from '../src/chunks/chat';
import { CHOICE_KEY, save } from '../src/lib/storage';
import zendesk from '../src/chunks/chat-zendesk';
import { createTracker } from '../src/createTracker';
import type { HoptrailEvent } from '../src/types';
import { installCrisp, installHubSpot, installIntercom, installTawk, installZendesk, installZendeskClassic, uninstallAll } from './chatStandIns';

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
  // Page hide (which stops the widget watcher) makes every tracker of the file send by beacon.
  vi.spyOn(navigator, 'sendBeacon').mockImplementation(() => true);
});
afterEach(async () => {
  vi.useRealTimers();
  // The extras chunk of a tracker made late in a test reads active surveys once it is in: let that hit the stub.
  await new Promise((r) => setTimeout(r, 30));
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  uninstallAll();
});

const tracker = () => createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false });
/**
 * The chat events sent, compactly: `message agent 5`, `ended resolved`. A marker chat call goes through
 * the same lazy chunk after the adapter's calls: once it has been sent, every call before it has been.
 */
let marks = 0;
beforeEach(() => {
  marks = 0;
});
const isMark = (e: HoptrailEvent) => (e.props as any)?.channel === 'mark';
async function chatLog(t: ReturnType<typeof tracker>) {
  t.chat.started({ channel: 'mark' });
  marks++;
  const sent = () => posts.flatMap((p) => p.events);
  await vi.waitFor(
    async () => {
      await t.flush();
      expect(sent().filter(isMark)).toHaveLength(marks);
    },
    { timeout: 5000 },
  );
  return sent()
    .filter((e) => !isMark(e))
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

  it('Crisp keeps one listener per event: the site’s handlers registered before and after Hoptrail’s both keep running', async () => {
    const widget = installCrisp();
    const siteSaw: string[] = [];
    const $crisp = () => (window as any).$crisp;
    // Before: queued right after the snippet, as Crisp's docs show.
    $crisp().push(['on', 'message:received', (m: any) => siteSaw.push(`before ${m.content}`)]);
    const t = tracker();
    crisp(t);
    // After, still queued; then after the chatbox loaded, the way crisp-sdk-web registers (off, then on).
    $crisp().push(['on', 'chat:opened', () => siteSaw.push('opened')]);
    widget.load();
    $crisp().push(['off', 'message:sent'], ['on', 'message:sent', (m: any) => siteSaw.push(`after ${m.content}`)]);
    widget.fire('chat:opened');
    widget.fire('message:sent', { content: 'Hi', from: 'user', origin: 'chat' });
    widget.fire('message:received', { content: 'Hello', from: 'operator', origin: 'urn:crisp.im:operator:1' });
    expect(siteSaw).toEqual(['opened', 'after Hi', 'before Hello']);
    expect(await chatLog(t)).toEqual(['started crisp', 'message visitor 2', 'message agent 5']);
    // The site stops listening: Hoptrail keeps its own listener.
    $crisp().push(['off', 'message:received']);
    widget.fire('message:received', { content: 'Anything else?', from: 'operator', origin: 'urn:crisp.im:operator:1' });
    expect(siteSaw).toHaveLength(3);
    expect((await chatLog(t)).at(-1)).toBe('message agent 14');
  });

  it('Crisp: a handler the site registers in CRISP_READY_TRIGGER, right as the chatbox loads, is chained too', async () => {
    const widget = installCrisp();
    const siteSaw: string[] = [];
    (window as any).CRISP_READY_TRIGGER = () => (window as any).$crisp.push(['on', 'message:sent', () => siteSaw.push('sent')]);
    const t = tracker();
    crisp(t);
    widget.load();
    widget.fire('message:sent', { content: 'Hi', from: 'user', origin: 'chat' });
    expect(siteSaw).toEqual(['sent']);
    expect(await chatLog(t)).toEqual(['started crisp', 'message visitor 2']);
  });

  it('Crisp: an adapter arriving after the chatbox loaded hooks it, and chains what the site registers later', async () => {
    const widget = installCrisp();
    widget.load();
    const t = tracker();
    crisp(t);
    const siteSaw: string[] = [];
    (window as any).$crisp.push(['on', 'chat:opened', () => siteSaw.push('opened')]);
    widget.fire('chat:opened');
    expect(siteSaw).toEqual(['opened']);
    expect(await chatLog(t)).toEqual(['started crisp']);
  });

  it('Intercom: the unread count reported at registration is a baseline, not new messages; increases are agent messages', async () => {
    // The visitor arrives with 2 unread replies from an earlier page.
    const widget = installIntercom(2);
    const t = tracker();
    intercom(t);
    widget.boot();
    expect(await chatLog(t)).toEqual([]);
    widget.setUnread(3);
    widget.setUnread(0);
    widget.setUnread(1);
    expect(await chatLog(t)).toEqual(['started intercom', 'message agent 0', 'message agent 0']);
  });

  it('Intercom: show starts, hide ends what was said; the visitor typing an email is not a message', async () => {
    const widget = installIntercom();
    const t = tracker();
    intercom(t);
    widget.boot();
    widget.fire('onShow');
    widget.fire('onUserEmailSupplied');
    widget.fire('onHide');
    expect(await chatLog(t)).toEqual(['started intercom']);
    widget.fire('onShow');
    widget.setUnread(1);
    widget.fire('onHide');
    expect(await chatLog(t)).toEqual(['started intercom', 'message agent 0', 'ended resolved']);
  });

  it('Tawk.to: listens to the window events Tawk dispatches and leaves Tawk_API as the site set it', async () => {
    const widget = installTawk();
    const siteSaw: string[] = [];
    (window as any).Tawk_API.onChatEnded = () => siteSaw.push('ended');
    const t = tracker();
    tawk(t);
    expect(Object.keys((window as any).Tawk_API)).toEqual(['onChatEnded']);
    expect(Object.getOwnPropertyDescriptor((window as any).Tawk_API, 'onChatEnded')).toHaveProperty('writable', true);
    // A callback the site assigns later is a plain property the widget calls; Hoptrail keeps reporting.
    (window as any).Tawk_API.onChatStarted = () => siteSaw.push('started');
    widget.fire('onAgentJoinChat', { name: 'Sam', position: 'Support', image: '', id: 'a1' });
    widget.fire('onChatStarted', { chatId: 'c1' });
    widget.fire('onChatMessageVisitor', 'Need a refund');
    widget.fire('onChatMessageAgent', 'Done!');
    widget.fire('onChatSatisfaction', -1);
    widget.fire('onChatEnded');
    expect(siteSaw).toEqual(['started', 'ended']);
    expect(await chatLog(t)).toEqual(['started tawk Sam', 'message visitor 13', 'message agent 5', 'ended resolved 1']);
  });

  it('Tawk.to: satisfaction 1 / 0 / -1 is a like / neutral / dislike rating (0 is not "removed")', async () => {
    const widget = installTawk();
    const t = tracker();
    tawk(t);
    for (const satisfaction of [1, 0, -1]) {
      widget.fire('onChatStarted', {});
      widget.fire('onChatMessageVisitor', 'Hi');
      widget.fire('onChatSatisfaction', satisfaction);
      widget.fire('onChatEnded');
    }
    expect((await chatLog(t)).filter((l) => l.startsWith('ended'))).toEqual(['ended unresolved 5', 'ended unresolved 3', 'ended unresolved 1']);
  });

  it('Zendesk messaging: open, unread increases over the count reported at registration, close', async () => {
    const widget = installZendesk(1);
    const t = tracker();
    zendesk(t);
    expect(await chatLog(t)).toEqual([]);
    widget.fire('open');
    widget.setUnread(2);
    widget.fire('close');
    expect(await chatLog(t)).toEqual(['started zendesk', 'message agent 0', 'ended resolved']);
  });

  it('Zendesk Web Widget (Classic): chat:start, chat:unreadMessages increases, chat:end', async () => {
    const widget = installZendeskClassic(3);
    const t = tracker();
    zendesk(t);
    widget.fire('chat:start');
    widget.setUnread(4);
    widget.setUnread(6);
    widget.fire('chat:end');
    expect(await chatLog(t)).toEqual(['started zendesk', 'message agent 0', 'message agent 0', 'message agent 0', 'ended resolved']);
  });

  it('HubSpot: started, a conversation with unread replies is one agent message, closed in the inbox = resolved', async () => {
    const widget = installHubSpot();
    widget.ready();
    const t = tracker();
    hubspot(t);
    widget.fire('conversationStarted', { conversation: { conversationId: 1234 } });
    widget.setUnreadConversations(1);
    widget.setUnreadConversations(0);
    widget.fire('conversationClosed', { conversation: { conversationId: 1234 } });
    expect(await chatLog(t)).toEqual(['started hubspot', 'message agent 0', 'ended resolved']);
  });

  it('a vendor callback with an unexpected payload never throws into the vendor’s widget', () => {
    const widget = installTawk();
    const crispBox = installCrisp();
    const t = tracker();
    tawk(t);
    crisp(t);
    crispBox.load();
    expect(() => {
      widget.fire('onAgentJoinChat', null);
      widget.fire('onChatMessageAgent', undefined);
      crispBox.fire('message:received', null);
    }).not.toThrow();
  });
});

describe('data-chat: adapters load only when their vendor is on the page, whenever it arrives', () => {
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

  it('a widget loaded a minute (or ten) after the page is hooked; after the page is hidden, nothing more is', async () => {
    vi.useFakeTimers();
    const loaded: string[] = [];
    watchChatWidgets(tracker(), 'crisp,tawk,intercom', () => {}, (name) => (loaded.push(name), loaders[name]()));
    await vi.advanceTimersByTimeAsync(60_000);
    const box = installCrisp();
    await vi.advanceTimersByTimeAsync(1000);
    expect(loaded).toEqual(['chat-crisp']);
    await vi.advanceTimersByTimeAsync(9 * 60_000);
    installTawk();
    await vi.advanceTimersByTimeAsync(1000);
    expect(loaded).toEqual(['chat-crisp', 'chat-tawk']);
    dispatchEvent(new Event('pagehide'));
    installIntercom();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(loaded).toEqual(['chat-crisp', 'chat-tawk']);
    box.load();
  });

  it('after an in-page optOut(), a widget that appears later loads no adapter (no request at all)', async () => {
    vi.useFakeTimers();
    const loaded: string[] = [];
    watchChatWidgets(tracker(), 'crisp', () => {}, (name) => (loaded.push(name), loaders[name]()));
    save(CHOICE_KEY, 'out', true); // what optOut() stores
    installCrisp();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(loaded).toEqual([]);
    localStorage.removeItem(CHOICE_KEY);
  });

  it('Crisp: when the chatbox took over its queue before the adapter arrived, the site’s queued handler is still chained', async () => {
    const box = installCrisp();
    const siteSaw: string[] = [];
    (window as any).$crisp.push(['on', 'chat:opened', () => siteSaw.push('opened')]);
    const t = tracker();
    let adapter: Promise<unknown> | undefined;
    let resolve: () => void;
    const arrived = new Promise<void>((r) => (resolve = r));
    // The adapter chunk takes longer to arrive than the chatbox takes to load.
    watchChatWidgets(t, 'crisp', () => {}, (name) => (adapter = arrived.then(() => loaders[name]())));
    box.load();
    resolve!();
    await adapter;
    await Promise.resolve();
    box.fire('chat:opened');
    expect(siteSaw).toEqual(['opened']);
    expect(await chatLog(t)).toEqual(['started crisp']);
  });

  it('HubSpot: hooked once the Conversations API exists, even when the site assigns hsConversationsOnReady = [fn] meanwhile', async () => {
    vi.useFakeTimers();
    const widget = installHubSpot();
    const siteSaw: string[] = [];
    let adapter: Promise<unknown> | undefined;
    const t = tracker();
    watchChatWidgets(t, 'hubspot', () => {}, (name) => (adapter = loaders[name]().then((m) => m.default(t))));
    (window as any)._hsq = [];
    await vi.advanceTimersByTimeAsync(1000);
    (window as any).hsConversationsOnReady = [() => siteSaw.push('ready')];
    await vi.advanceTimersByTimeAsync(1000);
    widget.ready();
    await vi.advanceTimersByTimeAsync(1000);
    await adapter;
    widget.fire('conversationStarted', { conversation: { conversationId: 7 } });
    expect(siteSaw).toEqual(['ready']);
    vi.useRealTimers();
    expect(await chatLog(t)).toEqual(['started hubspot']);
  });

  it('a comma list watches only the named vendors and logs unknown names', async () => {
    installCrisp();
    installTawk();
    const loaded: string[] = [];
    const logged: unknown[][] = [];
    let adapter: Promise<unknown> | undefined;
    watchChatWidgets(tracker(), 'tawk, drift', (...a) => logged.push(a), (name) => (loaded.push(name), (adapter = loaders[name]())));
    await adapter;
    await vi.waitFor(() => expect(logged).toHaveLength(2));
    expect(loaded).toEqual(['chat-tawk']);
    // data-debug names the unknown widget, and the one hooked.
    expect(logged).toEqual([
      ['unknown chat widget:', 'drift'],
      ['chat widget hooked:', 'tawk'],
    ]);
  });
});
