import { describe, expect, it } from 'vitest';
import { deriveConversations } from '../src/chat/deriveConversations';
import type { JourneyEvent } from '../src/store/journeys';
import { freshdeskToTicket } from '../src/webhooks/freshdeskToTicket';
import { ticketLifecycle } from '../src/webhooks/ticketLifecycle';
import type { TicketSnapshot } from '../src/webhooks/ticketSnapshot';
import { zendeskToTicket } from '../src/webhooks/zendeskToTicket';

const snapshot = (over: Partial<TicketSnapshot> = {}): TicketSnapshot => ({
  helpdesk: 'zendesk',
  ticketId: '1',
  status: 'open',
  customerId: 'c1',
  createdAt: 1_000,
  updatedAt: 1_000,
  ...over,
});

describe('helpdesk payload mapping', () => {
  it('Zendesk: lowercases status and priority, reads On-hold as hold, Good/Bad ratings as 5/1, ignores empty placeholders', () => {
    const t = zendeskToTicket({
      ticket: {
        id: 42,
        status: 'On-hold',
        priority: 'Urgent',
        via: 'Mail',
        created_at: '2026-11-20T10:00:00Z',
        updated_at: '2026-11-20T11:00:00Z',
        due_at: '',
        requester: { email: 'a@b.example', external_id: '' },
        satisfaction: 'Good',
      },
    });
    expect(t).toEqual({
      helpdesk: 'zendesk',
      ticketId: '42',
      status: 'hold',
      customerId: undefined,
      email: 'a@b.example',
      createdAt: Date.parse('2026-11-20T10:00:00Z'),
      updatedAt: Date.parse('2026-11-20T11:00:00Z'),
      dueAt: undefined,
      priority: 'urgent',
      channel: 'mail',
      satisfaction: 5,
    });
    expect(zendeskToTicket({ ticket: { id: '1', status: 'Solved', requester: { external_id: 'c' }, satisfaction: 'Bad' } }).satisfaction).toBe(1);
    expect(zendeskToTicket({ ticket: { id: '1', status: 'Solved', requester: { external_id: 'c' }, satisfaction: 'Offered' } }).satisfaction).toBeUndefined();
  });

  it('Freshdesk: reads simple content under freshdesk_webhook and the same keys at the top level', () => {
    const simple = freshdeskToTicket({
      freshdesk_webhook: { ticket_id: 7, ticket_status: 'Closed', ticket_contact_email: 'x@y.example', ticket_created_at: '2026-11-20 10:00:00 UTC', ticket_satisfaction_rating: 'Not Good' },
    });
    expect(simple).toMatchObject({ helpdesk: 'freshdesk', ticketId: '7', status: 'closed', email: 'x@y.example', createdAt: Date.parse('2026-11-20T10:00:00Z'), satisfaction: 1 });
    expect(freshdeskToTicket({ ticket_id: '8', ticket_status: 'Pending', ticket_contact_email: 'x@y.example' })).toMatchObject({ ticketId: '8', status: 'pending' });
  });
});

describe('ticket lifecycle from snapshots', () => {
  const history = (...events: [string, number, Record<string, unknown>][]) => events.map(([type, ts, props]) => ({ type, ts, props }));

  it('a ticket first seen already solved is opened and resolved at once', () => {
    const events = ticketLifecycle('s', 'customer:c1', snapshot({ status: 'solved', updatedAt: 61_000 }), [], 99_000);
    expect(events.map((e) => [e.type, e.ts, (e.props as Record<string, unknown>).resolutionMs])).toEqual([
      ['ticket_opened', 1_000, undefined],
      ['ticket_resolved', 61_000, 60_000],
    ]);
  });

  it('a rating that arrives after the resolution is an update carrying the satisfaction', () => {
    const events = ticketLifecycle(
      's',
      'customer:c1',
      snapshot({ status: 'solved', updatedAt: 90_000, satisfaction: 5 }),
      history(['ticket_opened', 1_000, { status: 'open' }], ['ticket_resolved', 61_000, { status: 'solved', updatedAt: 61_000 }]),
      99_000,
    );
    expect(events.map((e) => [e.type, (e.props as Record<string, unknown>).satisfaction, (e.props as Record<string, unknown>).reopenCount])).toEqual([['ticket_updated', 5, 0]]);
  });

  it('each reopen counts once, and the next resolution carries the count and lateness', () => {
    const h = history(
      ['ticket_opened', 1_000, { status: 'open', reopenCount: 0 }],
      ['ticket_resolved', 2_000, { status: 'solved', reopenCount: 0 }],
      ['ticket_updated', 3_000, { status: 'open', reopened: true, reopenCount: 1 }],
    );
    const [resolved] = ticketLifecycle('s', 'customer:c1', snapshot({ status: 'closed', updatedAt: 9_000, dueAt: 5_000 }), h, 10_000);
    expect(resolved).toMatchObject({ type: 'ticket_resolved', id: 'zendesk:1:resolved:1', props: { reopenCount: 1, late: true, resolutionMs: 8_000 } });
  });
});

describe('deriving conversations', () => {
  const ev = (id: string, type: string, ts: number, props: Record<string, unknown>) =>
    ({ id, type, ts, props, name: null, receivedAt: ts, visitorId: 'v', sessionId: 's', seq: 0, url: null, path: null, source: 'browser' }) as JourneyEvent;

  it('a message with no start opens a conversation; an end with nothing open is ignored', () => {
    const [c, ...rest] = deriveConversations(
      [ev('e0', 'chat_ended', 0, { resolved: true }), ev('e1', 'chat_message', 10, { from: 'visitor' }), ev('e2', 'chat_message', 30, { from: 'bot' })],
      40,
    );
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ id: 'e1', startedAt: 10, firstResponseMs: 20, firstAgentResponseMs: null, outcome: 'open', eventIds: ['e1', 'e2'] });
  });
});
