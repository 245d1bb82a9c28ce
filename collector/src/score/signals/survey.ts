import { numberProp, propsOf, scaleTo100, stringProp, type Signal } from '../signal';

/**
 * Survey answers (`survey_answered`, one event per question): NPS 0–10 → ×10, CSAT 1–5 → (x−1)/4,
 * CES 1–7 → (x−1)/6, rating 1..scale (3–10, default 5), thumbs up/down → 100/0. Choice and open-text
 * questions say nothing about happiness on their own: null.
 */
export const survey: Signal = {
  name: 'survey',
  halfLifeDays: 30,
  weight: 3,
  prior: { mean: 70, strength: 2 },
  observe(event) {
    if (event.type !== 'survey_answered') return null;
    const p = propsOf(event);
    const kind = stringProp(p, 'questionType', 'question_type', 'kind', 'type');
    const value = numberProp(p, 'value', 'answer', 'score');
    switch (kind) {
      case 'nps':
        return scaleTo100(value, 0, 10);
      case 'csat':
        return scaleTo100(value, 1, 5);
      case 'ces':
        return scaleTo100(value, 1, 7);
      case 'rating': {
        const scale = numberProp(p, 'scale', 'max') ?? 5;
        return scale >= 3 && scale <= 10 ? scaleTo100(value, 1, scale) : null;
      }
      case 'thumbs': {
        const raw = p.value ?? p.answer;
        if (raw === 'up' || raw === 'thumbs_up' || raw === true || raw === 1) return 100;
        if (raw === 'down' || raw === 'thumbs_down' || raw === false || raw === 0) return 0;
        return null;
      }
      default:
        return null;
    }
  },
};
