import { describe, expect, it } from 'vitest';
import { deriveConversations } from '../src/chat/deriveConversations';
import type { JourneyEvent } from '../src/store/journeys';
import { freshdeskToTicket } from '../src/webhooks/freshdeskToTicket';
import { parseFreshdeskDate } from '../src/webhooks/parseFreshdeskDate';
import { RETRY_WINDOW_MS, ticketLifecycle } from '../src/webhooks/ticketLifecycle';
import type { TicketSnapshot } from '../src/webhooks/ticketSnapshot';
import { zendeskToTicket } from '../src/webhooks/zendeskToTicket';
import { freshdeskDate, freshdeskTicket } from './helpdeskFixtures';

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

  it('Freshdesk: reads the README body (advanced content) and the same placeholders ticked as simple content', () => {
    const due = 'July 10 2023 at 05:00 PM EDT';
    expect(freshdeskToTicket(freshdeskTicket({ id: '7', status: 'Closed', priority: 'Urgent', source: 'Email', due_by_time: due }))).toEqual({
      helpdesk: 'freshdesk',
      ticketId: '7',
      status: 'closed',
      email: 'lou@example.com',
      dueAt: Date.UTC(2023, 6, 10, 21, 0),
      priority: 'urgent',
      channel: 'email',
    });
    // Simple content: Freshdesk names each ticked placeholder ticket_<name> under freshdesk_webhook.
    const simple = freshdeskToTicket({
      freshdesk_webhook: { ticket_id: 8, ticket_status: 'Pending', ticket_priority: 'Low', ticket_source: 'Chat', ticket_due_by_time: due, ticket_requester_email: 'x@y.example' },
    });
    expect(simple).toMatchObject({ ticketId: '8', status: 'pending', priority: 'low', channel: 'chat', email: 'x@y.example', dueAt: Date.UTC(2023, 6, 10, 21, 0) });
  });

  it("Freshdesk: maps numeric codes as the API documents them, keeping a custom status's number", () => {
    const status = (code: string) => freshdeskToTicket(freshdeskTicket({ status: code })).status;
    expect(['2', '3', '4', '5', '6', '7', '12'].map(status)).toEqual(['open', 'pending', 'resolved', 'closed', 'waiting on customer', 'waiting on third party', 'status 12']);
    expect(freshdeskToTicket(freshdeskTicket({ priority: 4, source: 10 }))).toMatchObject({ priority: 'urgent', channel: 'outbound email' });
    expect(freshdeskToTicket(freshdeskTicket({ status: 'Waiting on Customer' })).status).toBe('waiting on customer');
  });

  it("Freshdesk: parses due dates as {{ticket.due_by_time}} renders them, in the zone abbreviations it prints", () => {
    const cases: [string, number][] = [
      ['July 10 2023 at 05:00 PM EDT', Date.UTC(2023, 6, 10, 21, 0)],
      ['January  9 2024 at 11:30 AM IST', Date.UTC(2024, 0, 9, 6, 0)],
      ['December 31 2023 at 12:15 AM UTC', Date.UTC(2023, 11, 31, 0, 15)],
      ['March  5 2024 at 12:00 PM CET', Date.UTC(2024, 2, 5, 11, 0)],
      ['August  1 2024 at 09:00 AM AEST', Date.UTC(2024, 6, 31, 23, 0)],
      ['August  1 2024 at 09:00 AM PDT', Date.UTC(2024, 7, 1, 16, 0)],
      // tzdata prints zones without a letter abbreviation as offsets (Kathmandu, Buenos Aires).
      ['May  2 2024 at 06:45 PM +0545', Date.UTC(2024, 4, 2, 13, 0)],
      ['May  2 2024 at 06:45 PM -03', Date.UTC(2024, 4, 2, 21, 45)],
    ];
    for (const [rendered, utc] of cases) expect(parseFreshdeskDate(rendered), rendered).toBe(utc);
    // What the test fixture renders reads back to the same minute.
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    expect(parseFreshdeskDate(freshdeskDate(now, 'NZST', 720))).toBe(now);
    // Empty placeholder, no zone, an unknown zone, an impossible date: no due date rather than a wrong one.
    for (const bad of ['', 'July 10 2023 at 05:00 PM', 'July 10 2023 at 05:00 PM XYZT', 'February 30 2024 at 10:00 AM UTC', 'July 10 2023 at 13:00 PM UTC']) {
      expect(parseFreshdeskDate(bad), bad).toBeUndefined();
    }
    expect(parseFreshdeskDate('2026-11-20T10:00:00Z')).toBe(Date.parse('2026-11-20T10:00:00Z'));
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

  it('Freshdesk (no update time): the same body is a retry within the retry window, news after it', () => {
    const h = history(
      ['ticket_opened', 1_000, { status: 'open', reopenCount: 0, revision: 'aaaa0000' }],
      ['ticket_resolved', 5_000, { status: 'resolved', reopenCount: 0, revision: 'bbbb0000' }],
    );
    const open = snapshot({ helpdesk: 'freshdesk', updatedAt: undefined, createdAt: undefined, revision: 'aaaa0000' });
    expect(ticketLifecycle('s', 'customer:c1', open, h, 5_000 + 60_000)).toEqual([]);
    const [reopened] = ticketLifecycle('s', 'customer:c1', open, h, 1_000 + RETRY_WINDOW_MS + 1);
    expect(reopened).toMatchObject({ type: 'ticket_updated', id: 'freshdesk:1:reopened:1', props: { reopened: true, reopenCount: 1 } });
  });

  it('Zendesk: orders same-minute snapshots by when they were sent, and dates the change by it', () => {
    const minute = 600_000;
    const h = history(['ticket_opened', minute + 5_000, { status: 'open', updatedAt: minute, sentAt: minute + 5_000, revision: 'aaaa0000' }]);
    const solved = snapshot({ status: 'solved', createdAt: minute, updatedAt: minute, sentAt: minute + 40_000, revision: 'cccc0000' });
    expect(ticketLifecycle('s', 'customer:c1', solved, h, minute + 41_000)).toMatchObject([{ type: 'ticket_resolved', ts: minute + 40_000, props: { resolutionMs: 35_000 } }]);
    const h2 = [...h, ...history(['ticket_resolved', minute + 40_000, { status: 'solved', updatedAt: minute, sentAt: minute + 40_000, revision: 'cccc0000' }])];
    const pending = snapshot({ status: 'pending', updatedAt: minute, sentAt: minute + 20_000, revision: 'dddd0000' });
    expect(ticketLifecycle('s', 'customer:c1', pending, h2, minute + 42_000)).toEqual([]);
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
