import type { Occurrence } from './occurrence';
import type { Trigger } from './subscriptionSchema';

/** Whether an occurrence is one the trigger asks for. */
export function matchTrigger(trigger: Trigger, o: Occurrence): boolean {
  if (trigger.kind === 'survey_answer' && o.kind === 'survey_answer') return matchAnswer(trigger, o.answer);
  if (trigger.kind === 'segment' && o.kind === 'segment') {
    return o.segment.id === trigger.segment && (trigger.on === 'both' || (trigger.on === 'enter') === (o.segment.change === 'enter'));
  }
  if (trigger.kind === 'ticket' && o.kind === 'ticket') return trigger.on === o.ticket.change;
  if (trigger.kind === 'score_drop' && o.kind === 'score_drop') return o.scoreDrop.from - o.scoreDrop.to >= trigger.points;
  return false;
}

function matchAnswer(t: Extract<Trigger, { kind: 'survey_answer' }>, a: Extract<Occurrence, { kind: 'survey_answer' }>['answer']): boolean {
  if (t.surveyId !== undefined && t.surveyId !== a.surveyId) return false;
  if (t.questionId !== undefined && t.questionId !== a.questionId) return false;
  if (t.questionType !== undefined && t.questionType !== a.questionType) return false;
  if (t.max !== undefined || t.min !== undefined) {
    if (typeof a.value !== 'number') return false;
    if (t.max !== undefined && a.value > t.max) return false;
    if (t.min !== undefined && a.value < t.min) return false;
  }
  if (t.choice !== undefined) {
    const chosen = Array.isArray(a.value) ? a.value : [a.value];
    if (!chosen.includes(t.choice)) return false;
  }
  if (t.textPresent && !(a.questionType === 'text' && typeof a.value === 'string' && a.value.trim() !== '')) return false;
  return true;
}
