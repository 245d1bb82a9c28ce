import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Lazy chunks load from the collector in the browser (covered end to end in e2e/chat.test.ts); here the
// loader imports the same source files for extras and chat; vitals and signals stay away.
vi.mock('../src/lib/loadChunk', () => ({
  loadChunk: (api: string, name: string) =>
    api.includes('.invalid') || !/^(chat|extras)/.test(name) ? Promise.reject(new Error(`cannot load ${name}`)) : import(`../src/chunks/${name}.ts`),
}));
import { createTracker } from '../src/createTracker';
import { readScriptConfig } from '../src/readScriptConfig';
import type { HoptrailEvent } from '../src/types';
import { installCrisp, uninstallAll } from './chatStandIns';

// Transformed once before the tests: a cold first import (vite transforming the chunk and what it
// imports) can outlast `settle` on a loaded machine.
beforeAll(() => Promise.all([import('../src/chunks/extras'), import('../src/chunks/chat')]));

// The network is the one thing replaced: these tests read what the SDK would post.
let posts: { events: HoptrailEvent[] }[];
beforeEach(() => {
  localStorage.clear();
  posts = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    posts.push(JSON.parse(init.body as string));
    return new Response('{"accepted":1,"duplicates":0}', { status: 200 });
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  uninstallAll();
});

const sent = () => posts.flatMap((p) => p.events);
/** Lets the lazy chat chunk load and hand over the queued calls. */
const settle = () => new Promise((r) => setTimeout(r, 50));
/** Chat calls wait for the lazy chunk: flushes until `n` events have been sent (a loaded machine is slow). */
async function sentEvents(t: { flush(): Promise<void> }, n: number) {
  await vi.waitFor(
    async () => {
      await t.flush();
      expect(sent().length).toBeGreaterThanOrEqual(n);
    },
    { timeout: 5000 },
  );
  return sent();
}
const tracker = (chatText?: boolean) => createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false, chatText });

describe('hoptrail.chat', () => {
  it('records a conversation as chat_started, chat_message and chat_ended events, without message text by default', async () => {
    const t = tracker();
    t.chat.started({ channel: 'support', agent: 'Ana' });
    t.chat.message({ from: 'visitor', text: 'Where is my order 12345?' });
    t.chat.message({ from: 'agent', length: 17 });
    t.chat.ended({ resolved: true, rating: 5 });
    expect((await sentEvents(t, 4)).map((e) => [e.type, e.props])).toEqual([
      ['chat_started', { channel: 'support', agent: 'Ana' }],
      ['chat_message', { from: 'visitor', length: 24 }],
      ['chat_message', { from: 'agent', length: 17 }],
      ['chat_ended', { resolved: true, rating: 5 }],
    ]);
    expect(JSON.stringify(posts)).not.toContain('12345');
  });

  it('sends the message text only when the site opted in (data-chat-text="true")', async () => {
    const t = tracker(true);
    t.chat.message({ from: 'visitor', text: 'Hello there' });
    expect((await sentEvents(t, 1))[0].props).toEqual({ from: 'visitor', length: 11, text: 'Hello there' });
    // The same through the script tag's attribute (a string there), and without it.
    const script = document.createElement('script');
    script.src = 'https://c.example/hoptrail.js';
    script.dataset.site = 'demo';
    script.dataset.auto = 'false';
    script.dataset.chatText = 'true';
    for (const expected of ['Hi', undefined]) {
      posts = [];
      const fromTag = createTracker(readScriptConfig(script)!);
      fromTag.chat.message({ from: 'visitor', text: 'Hi' });
      expect((await sentEvents(fromTag, 1)).map((e) => (e.props as { text?: string }).text)).toEqual([expected]);
      delete script.dataset.chatText;
    }
  });

  it('drops a message with an unknown sender and coerces what would make the collector refuse the batch', async () => {
    const t = tracker();
    t.chat.message({ from: 'robot' as never });
    t.chat.started({ channel: 'x'.repeat(500), agent: 42 as never });
    t.chat.message({ from: 'bot', length: -3 });
    t.chat.ended({ resolved: 'yes' as never, rating: 7 });
    t.chat.ended({ resolved: false, rating: 2.5 });
    const events = await sentEvents(t, 4);
    expect(events.map((e) => e.type)).toEqual(['chat_started', 'chat_message', 'chat_ended', 'chat_ended']);
    expect((events[0].props as any).channel).toHaveLength(200);
    expect((events[0].props as any).agent).toBe('42');
    expect((events[1].props as any).length).toBeGreaterThanOrEqual(0);
    expect(events[2].props).toEqual({ resolved: true });
    expect(events[3].props).toEqual({ resolved: false });
  });

  it('never throws into the page, whatever it is called with, before or after the chunk loaded', async () => {
    const t = tracker();
    const calls = () => {
      t.chat.started(null as never);
      t.chat.message(undefined as never);
      t.chat.ended(null as never);
      t.chat.message({ from: 'visitor', text: { toString: () => { throw new Error('hostile'); } } } as never);
    };
    expect(calls).not.toThrow();
    await sentEvents(t, 2);
    expect(calls).not.toThrow();
    expect((await sentEvents(t, 4)).map((e) => e.type)).toEqual(['chat_started', 'chat_ended', 'chat_started', 'chat_ended']);
  });

  it('keeps the time of each call made while the chunk loads', async () => {
    const t = tracker();
    const before = Date.now();
    t.chat.message({ from: 'visitor', length: 3 });
    await settle();
    t.chat.message({ from: 'agent', length: 3 });
    await t.flush();
    const [a, b] = sent();
    expect(a.ts).toBeGreaterThanOrEqual(before);
    expect(a.ts).toBeLessThan(before + 40);
    expect(b.ts - a.ts).toBeGreaterThanOrEqual(45);
  });

  it('with data-chat, a watcher chunk that cannot load is logged (data-debug), never thrown into the page', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createTracker({ site: 'demo', api: 'https://c.invalid', autoPageviews: false, chat: 'auto', debug: true });
    await vi.waitFor(() => expect(warn).toHaveBeenCalled(), { timeout: 5000 });
    warn.mockRestore();
  });

  it('with data-chat, a Crisp chatbox the site adds a minute after the page is hooked, and the site’s own Crisp handlers still run', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = createTracker({ site: 'demo', api: 'https://c.example', autoPageviews: false, chat: 'crisp', debug: true });
    await vi.advanceTimersByTimeAsync(60_000);
    // The site loads Crisp now (after a consent banner, say) and registers its own handler with the snippet.
    const chatbox = installCrisp();
    const siteSaw: string[] = [];
    const $crisp = () => (window as any).$crisp;
    $crisp().push(['on', 'message:received', (m: any) => siteSaw.push(`reply ${m.content}`)]);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('[hoptrail]', 'chat widget hooked:', 'crisp'), { timeout: 5000 });
    chatbox.load();
    // And one more after Hoptrail's, the way crisp-sdk-web does it: off, then on.
    $crisp().push(['off', 'message:sent'], ['on', 'message:sent', (m: any) => siteSaw.push(`sent ${m.content}`)]);
    chatbox.fire('chat:opened');
    chatbox.fire('message:sent', { type: 'text', content: 'Hello', from: 'user', origin: 'chat' });
    chatbox.fire('message:received', { type: 'text', content: 'Hi!', from: 'operator', origin: 'urn:crisp.im:operator:1' });
    chatbox.fire('chat:closed');
    vi.useRealTimers();
    await vi.waitFor(async () => {
      await t.flush();
      expect(sent().map((e) => `${e.type} ${(e.props as any).from ?? (e.props as any).channel ?? ''}`)).toEqual([
        'chat_started crisp',
        'chat_message visitor',
        'chat_message agent',
        'chat_ended ',
      ]);
    });
    expect(siteSaw).toEqual(['sent Hello', 'reply Hi!']);
  });
});
