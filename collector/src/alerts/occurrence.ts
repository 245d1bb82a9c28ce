/**
 * Something that happened to a person which a subscription may want to hear about. Raised by the ingest
 * inbox (answers, ticket reopens) and the per-minute checks (segments, open tickets, score drops), or by
 * other modules through raiseOccurrence. `key` names the occurrence uniquely within the site: raising the
 * same key twice delivers once per subscription (it becomes part of the webhook-id).
 */
export interface Person {
  visitorId: string;
  customerId: string | null;
}

interface Base {
  site: string;
  key: string;
  /** When it happened (ms). */
  at: number;
  person: Person;
  /** Only this subscription may match (per-subscription checks: segments, score drops, open tickets). */
  subscriptionId?: string;
}

export type Occurrence =
  | (Base & {
      kind: 'survey_answer';
      answer: { surveyId: string; questionId: string; questionType: string; value: unknown; scale?: number; responseId?: string };
    })
  | (Base & { kind: 'segment'; segment: { id: string; change: 'enter' | 'leave' } })
  | (Base & {
      kind: 'ticket';
      ticket: { ticketId: string; helpdesk?: string; subject?: string; change: 'reopened' | 'open_longer'; openHours?: number };
    })
  | (Base & { kind: 'score_drop'; scoreDrop: { from: number; to: number; days: number } });

/** The `type` of the webhook payload per occurrence (Standard Webhooks: a dotted event type). */
export function eventTypeOf(o: Occurrence): string {
  switch (o.kind) {
    case 'survey_answer':
      return 'survey.answered';
    case 'segment':
      return o.segment.change === 'enter' ? 'segment.entered' : 'segment.left';
    case 'ticket':
      return o.ticket.change === 'reopened' ? 'ticket.reopened' : 'ticket.open_too_long';
    case 'score_drop':
      return 'happy_index.dropped';
  }
}
