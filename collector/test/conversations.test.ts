import { beforeAll, describe, expect, it } from 'vitest';
import type { HoptrailEvent } from '../src/schema/event';
import { eventId, identify, postEvents, read, refusedFields, seedSite } from './helpers';

const SITE = 'chat-shop';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

const chat = (visitorId: string, type: string, ts: number, seq: number, props: Record<string, unknown>) =>
  ({ id: eventId(), site: SITE, type, visitorId, sessionId: 'session-chat-1', seq, ts, url: 'https://shop.example/help', props }) as HoptrailEvent;

const conversationsOf = async (path: string) => {
  const res = await read(`/v1/sites/${SITE}/${path}/conversations`, keys.read);
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversations: any[] }).conversations;
};

describe('chat events and derived conversations', () => {
  it('derives first-response time, length, message counts and outcome from one conversation', async () => {
    const t = Date.now() - 600_000;
    const res = await postEvents({
      events: [
        chat('visitor-chat-1', 'chat_started', t, 0, { channel: 'crisp' }),
        chat('visitor-chat-1', 'chat_message', t + 5_000, 1, { from: 'bot', length: 20 }),
        chat('visitor-chat-1', 'chat_message', t + 10_000, 2, { from: 'visitor', length: 42 }),
        chat('visitor-chat-1', 'chat_message', t + 12_000, 3, { from: 'bot', length: 30 }),
        chat('visitor-chat-1', 'chat_message', t + 70_000, 4, { from: 'agent', length: 80 }),
        chat('visitor-chat-1', 'chat_message', t + 90_000, 5, { from: 'visitor', length: 10 }),
        chat('visitor-chat-1', 'chat_ended', t + 120_000, 6, { resolved: true, rating: 4 }),
      ],
    });
    expect(res.status).toBe(200);
    const [c, ...rest] = await conversationsOf('visitors/visitor-chat-1');
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      channel: 'crisp',
      startedAt: t,
      endedAt: t + 120_000,
      durationMs: 120_000,
      messages: { visitor: 2, agent: 1, bot: 2, total: 5 },
      // The greeting before the visitor spoke does not count as a response.
      firstResponseMs: 2_000,
      firstAgentResponseMs: 60_000,
      outcome: 'resolved',
      rating: 4,
    });
    expect(c.eventIds).toHaveLength(7);
  });

  it('keeps re-opening the widget within 30 minutes in one conversation; an idle one without end is abandoned', async () => {
    const t = Date.now() - 3 * 3600_000;
    await postEvents({
      events: [
        chat('visitor-chat-2', 'chat_started', t, 0, { channel: 'intercom' }),
        chat('visitor-chat-2', 'chat_message', t + 1000, 1, { from: 'visitor' }),
        chat('visitor-chat-2', 'chat_started', t + 60_000, 2, { channel: 'intercom' }),
        chat('visitor-chat-2', 'chat_message', t + 61_000, 3, { from: 'visitor' }),
        // Two hours later: a new conversation, still going.
        chat('visitor-chat-2', 'chat_started', Date.now() - 60_000, 4, { channel: 'intercom' }),
      ],
    });
    const conversations = await conversationsOf('visitors/visitor-chat-2');
    expect(conversations.map((c) => [c.messages.visitor, c.firstResponseMs, c.outcome])).toEqual([
      [2, null, 'abandoned'],
      [0, null, 'open'],
    ]);
  });

  it('groups by the vendor conversation id and ends unresolved without a rating', async () => {
    const t = Date.now() - 60_000;
    await postEvents({
      events: [
        chat('visitor-chat-3', 'chat_started', t, 0, { channel: 'tawk', conversationId: 'conv-a', agent: 'Sam' }),
        chat('visitor-chat-3', 'chat_message', t + 1000, 1, { from: 'visitor', conversationId: 'conv-a' }),
        chat('visitor-chat-3', 'chat_message', t + 4000, 2, { from: 'agent', conversationId: 'conv-a' }),
        chat('visitor-chat-3', 'chat_ended', t + 9000, 3, { resolved: false, conversationId: 'conv-a' }),
      ],
    });
    const [c] = await conversationsOf('visitors/visitor-chat-3');
    expect(c).toMatchObject({ id: 'conv-a', agent: 'Sam', firstResponseMs: 3000, outcome: 'unresolved', rating: null, durationMs: 9000 });
  });

  it("lists a customer's conversations across devices", async () => {
    const t = Date.now() - 30_000;
    await postEvents({
      events: [
        identify(SITE, 'visitor-chat-4', 'cust-chatty', undefined, { ts: t - 1000, seq: 0 }),
        chat('visitor-chat-4', 'chat_started', t, 1, { channel: 'hubspot' }),
        chat('visitor-chat-4', 'chat_ended', t + 5000, 2, { resolved: true }),
      ],
    });
    const conversations = await conversationsOf('customers/cust-chatty');
    expect(conversations).toHaveLength(1);
    expect(conversations[0]).toMatchObject({ channel: 'hubspot', outcome: 'resolved' });
  });

  it('refuses chat events with a bad payload, naming the field', async () => {
    const t = Date.now();
    const cases: [HoptrailEvent, string][] = [
      [chat('visitor-chat-5', 'chat_message', t, 0, { from: 'robot' }), 'events[0].props.from'],
      [chat('visitor-chat-5', 'chat_ended', t, 0, { rating: 4 }), 'events[0].props.resolved'],
      [chat('visitor-chat-5', 'chat_ended', t, 0, { resolved: true, rating: 11 }), 'events[0].props.rating'],
      [chat('visitor-chat-5', 'chat_started', t, 0, {}), 'events[0].props.channel'],
    ];
    for (const [event, field] of cases) {
      const res = await postEvents({ events: [event] });
      expect(await refusedFields(res)).toEqual([field]);
    }
  });

  it('answers 404 for conversations of an unknown visitor, and 401 without a read key', async () => {
    expect((await read(`/v1/sites/${SITE}/visitors/visitor-nobody/conversations`, keys.read)).status).toBe(404);
    expect((await read(`/v1/sites/${SITE}/visitors/visitor-chat-1/conversations`, keys.write)).status).toBe(401);
  });
});
