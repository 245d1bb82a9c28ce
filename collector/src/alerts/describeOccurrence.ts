import type { Occurrence } from './occurrence';

/** One human sentence about what happened, shared by the Slack and Zendesk presets. */
export function describeOccurrence(o: Occurrence): string {
  switch (o.kind) {
    case 'survey_answer': {
      const a = o.answer;
      const value = Array.isArray(a.value) ? a.value.join(', ') : String(a.value);
      const scale = a.questionType === 'nps' ? '/10' : a.scale ? `/${a.scale}` : a.questionType === 'csat' ? '/5' : a.questionType === 'ces' ? '/7' : '';
      return `answered ${a.questionType.toUpperCase()} "${a.questionId}" of survey "${a.surveyId}": ${value}${scale}`;
    }
    case 'segment':
      return `${o.segment.change === 'enter' ? 'entered' : 'left'} the segment "${o.segment.id}"`;
    case 'ticket':
      return o.ticket.change === 'reopened'
        ? `reopened ticket #${o.ticket.ticketId}${o.ticket.subject ? ` "${o.ticket.subject}"` : ''}`
        : `has had ticket #${o.ticket.ticketId} open for ${Math.floor(o.ticket.openHours ?? 0)} hours`;
    case 'score_drop':
      return `Happy Index fell from ${o.scoreDrop.from} to ${o.scoreDrop.to} within ${o.scoreDrop.days} days`;
  }
}

/** How the person is named in messages: name, else email, else customer id, else the visitor id. */
export const personLabel = (p: { name: string | null; email: string | null; customerId: string | null; visitorId: string }) =>
  p.name ?? p.email ?? (p.customerId ? `customer ${p.customerId}` : `anonymous visitor ${p.visitorId}`);
