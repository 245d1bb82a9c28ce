import { describe, expect, it } from 'vitest';
import type { ScoreEvent } from '../src/score/signal';
import { chat } from '../src/score/signals/chat';
import { engagement } from '../src/score/signals/engagement';
import { friction } from '../src/score/signals/friction';
import { survey } from '../src/score/signals/survey';
import { ticket } from '../src/score/signals/ticket';
import { SIGNALS } from '../src/score/signals';
import { CHECKOUT_ABANDONED, declaredSignal, NAME, VOCABULARY, type VocabularyKey } from '../src/schema/vocabulary';

const ev = (type: string, props: unknown, name: string | null = null): ScoreEvent => ({ type, name, props, ts: 0 });
const HOUR = 3_600_000;

describe('survey signal (survey_answered, one event per question)', () => {
  it('normalises NPS ×10, CSAT (x−1)/4, CES (x−1)/6, ratings by their scale and thumbs', () => {
    expect(survey.observe(ev('survey_answered', { questionType: 'nps', value: 9 }))).toBe(90);
    expect(survey.observe(ev('survey_answered', { questionType: 'csat', value: 4 }))).toBe(75);
    expect(survey.observe(ev('survey_answered', { questionType: 'ces', value: 4 }))).toBe(50);
    expect(survey.observe(ev('survey_answered', { questionType: 'rating', value: 3, scale: 3 }))).toBe(100);
    expect(survey.observe(ev('survey_answered', { questionType: 'rating', value: 2, scale: 3 }))).toBe(50);
    expect(survey.observe(ev('survey_answered', { questionType: 'rating', value: 6, scale: 10 }))).toBeCloseTo(55.56, 2);
    expect(survey.observe(ev('survey_answered', { questionType: 'rating', value: 4, scale: 5 }))).toBe(75);
    expect(survey.observe(ev('survey_answered', { questionType: 'thumbs', value: 'up' }))).toBe(100);
    expect(survey.observe(ev('survey_answered', { questionType: 'thumbs', value: 'down' }))).toBe(0);
    // Field names the survey branch might choose instead.
    expect(survey.observe(ev('survey_answered', { type: 'NPS', answer: '8' }))).toBe(80);
  });

  it('says nothing (null) for open text, choices, out-of-range or missing values, and never throws', () => {
    for (const props of [
      { questionType: 'text', value: 'great' },
      { questionType: 'single', value: 'blue' },
      { questionType: 'nps', value: 11 },
      { questionType: 'csat' },
      // A rating says nothing without its scale (4 of 5 and 4 of 10 are different answers).
      { questionType: 'rating', value: 4 },
      { questionType: 'rating', value: 11, scale: 10 },
      { value: 5 },
      null,
      'garbage',
      [],
    ]) {
      expect(survey.observe(ev('survey_answered', props))).toBeNull();
    }
    expect(survey.observe(ev('survey_shown', { questionType: 'nps', value: 9 }))).toBeNull();
  });
});

describe('chat signal (chat_ended)', () => {
  it('scores resolution and rating, and their mean when both are there', () => {
    expect(chat.observe(ev('chat_ended', { resolved: true }))).toBe(100);
    expect(chat.observe(ev('chat_ended', { resolved: false }))).toBe(0);
    expect(chat.observe(ev('chat_ended', { resolved: true, rating: 3 }))).toBe(75);
    expect(chat.observe(ev('chat_ended', {}))).toBeNull();
    expect(chat.observe(ev('chat_ended', undefined))).toBeNull();
  });
});

describe('ticket signal (ticket_resolved, ticket_updated)', () => {
  it('averages satisfaction, time to resolution and reopens', () => {
    expect(ticket.observe(ev('ticket_resolved', { ticketId: 't', satisfaction: 5, resolutionMs: 2 * HOUR, reopenCount: 0 }))).toBe(100);
    expect(ticket.observe(ev('ticket_resolved', { ticketId: 't', satisfaction: 1, resolutionMs: 8 * 24 * HOUR, reopenCount: 3 }))).toBe(0);
    expect(ticket.observe(ev('ticket_resolved', { ticketId: 't', reopenCount: 1 }))).toBe(50);
    expect(ticket.observe(ev('ticket_resolved', { ticketId: 't', late: true, satisfaction: 5 }))).toBe(50);
  });

  it('counts a bare resolution as good and a reopen as bad', () => {
    expect(ticket.observe(ev('ticket_resolved', { ticketId: 't' }))).toBe(100);
    expect(ticket.observe(ev('ticket_updated', { ticketId: 't', reopened: true }))).toBe(0);
    expect(ticket.observe(ev('ticket_updated', { ticketId: 't', status: 'open' }))).toBeNull();
    expect(ticket.observe(ev('ticket_opened', { ticketId: 't' }))).toBeNull();
  });
});

describe('engagement signal', () => {
  it('counts pageviews, human newsletter opens and clicks, not machine opens', () => {
    expect(engagement.observe(ev('pageview', { title: 'x' }))).toBe(100);
    expect(engagement.observe(ev('newsletter_click', { campaign: 'nov' }))).toBe(100);
    expect(engagement.observe(ev('newsletter_open', { classification: 'human' }))).toBe(100);
    expect(engagement.observe(ev('newsletter_open', { classification: 'apple-mpp' }))).toBeNull();
    expect(engagement.observe(ev('newsletter_open', {}))).toBeNull();
  });
});

describe('friction signal', () => {
  it('scores vitals by rating and rage clicks, JS errors and abandoned checkouts as 0', () => {
    expect(friction.observe(ev('vital', { value: 1200, rating: 'good' }, 'LCP'))).toBe(100);
    expect(friction.observe(ev('vital', { value: 300, rating: 'needs-improvement' }, 'INP'))).toBe(50);
    expect(friction.observe(ev('vital', { value: 0.4, rating: 'poor' }, 'CLS'))).toBe(0);
    // The names the SDK sends (the vocabulary's), not look-alikes.
    expect(friction.observe(ev('event', { target: 'button#buy', clicks: 3 }, NAME.rageClick))).toBe(0);
    expect(friction.observe(ev('event', { message: 'TypeError' }, NAME.jsError))).toBe(0);
    expect(friction.observe(ev('event', {}, CHECKOUT_ABANDONED))).toBe(0);
    expect(friction.observe(ev('event', {}, 'rage_click'))).toBeNull();
    expect(friction.observe(ev('event', {}, 'signup_clicked'))).toBeNull();
    expect(friction.observe(ev('vital', {}, 'LCP'))).toBeNull();
  });
});

/** One event of each vocabulary entry, as its emitter sends it. */
const EXAMPLES: Record<VocabularyKey, Omit<ScoreEvent, 'ts'>> = {
  pageview: { type: 'pageview', name: null, props: { title: 'Pricing' } },
  customEvent: { type: 'event', name: 'signup_clicked', props: { plan: 'pro' } },
  checkoutAbandoned: { type: 'event', name: CHECKOUT_ABANDONED, props: {} },
  rageClick: { type: 'event', name: NAME.rageClick, props: { target: 'button#buy', clicks: 3 } },
  jsError: { type: 'event', name: NAME.jsError, props: { message: 'boom' } },
  outbound: { type: 'event', name: NAME.outbound, props: { url: 'https://elsewhere.example/' } },
  download: { type: 'event', name: NAME.download, props: { url: 'https://shop.example/a.pdf' } },
  identify: { type: 'identify', name: null, props: { customerId: 'c-1' } },
  vital: { type: 'vital', name: 'LCP', props: { value: 900, rating: 'good' } },
  chatStarted: { type: 'chat_started', name: null, props: { channel: 'crisp' } },
  chatMessage: { type: 'chat_message', name: null, props: { from: 'visitor', length: 12 } },
  chatEnded: { type: 'chat_ended', name: null, props: { resolved: true } },
  surveyShown: { type: 'survey_shown', name: null, props: { surveyId: 's', responseId: 'r-123456' } },
  surveyAnswered: { type: 'survey_answered', name: null, props: { surveyId: 's', questionType: 'rating', value: 7, scale: 10 } },
  surveyDismissed: { type: 'survey_dismissed', name: null, props: { surveyId: 's', answered: 0 } },
  newsletterReceived: { type: 'newsletter_received', name: 'spring', props: { campaign: 'spring', recipient: 'c-1' } },
  newsletterOpen: { type: 'newsletter_open', name: 'spring', props: { class: 'human' } },
  newsletterClick: { type: 'newsletter_click', name: 'spring', props: { class: 'human', linkId: 1 } },
  ticketOpened: { type: 'ticket_opened', name: null, props: { ticketId: 't' } },
  ticketUpdated: { type: 'ticket_updated', name: null, props: { ticketId: 't', reopened: true } },
  ticketResolved: { type: 'ticket_resolved', name: null, props: { ticketId: 't' } },
  purchase: { type: 'purchase', name: null, props: { value: 49.9, currency: 'EUR', orderId: 'A-1' } },
  refund: { type: 'refund', name: null, props: { value: 10, currency: 'EUR', orderId: 'A-1' } },
};

describe('the vocabulary and the signals agree', () => {
  it.each(Object.keys(VOCABULARY) as VocabularyKey[])('%s moves exactly the signal the vocabulary declares', (key) => {
    const example = EXAMPLES[key];
    expect(example, `no example for vocabulary entry ${key}`).toBeDefined();
    expect(example.type).toBe(VOCABULARY[key].type);
    const moved = SIGNALS.filter((s) => s.observe({ ...example, ts: 0 }) !== null).map((s) => s.name);
    expect(moved).toEqual([VOCABULARY[key].signal].filter(Boolean));
    expect(declaredSignal(example)).toBe(VOCABULARY[key].signal);
  });
});
