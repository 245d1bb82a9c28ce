import { RATING_SCALE, SCALES, TYPE } from '../../schema/vocabulary';
import { numberProp, propsOf, scaleTo100, stringProp, type Signal } from '../signal';

/**
 * Survey answers (`survey_answered`, one event per question), each mapped from its range (the
 * vocabulary's SCALES) to 0–100: NPS 0–10, CSAT 1–5, CES 1–7; a rating 1..its `scale` (3–10, sent with
 * the answer); thumbs up/down → 100/0. A rating without a scale, choices and open text say nothing
 * about happiness on their own: null.
 */
export const survey: Signal = {
  name: 'survey',
  halfLifeDays: 30,
  weight: 3,
  prior: { mean: 70, strength: 2 },
  observe(event) {
    if (event.type !== TYPE.surveyAnswered) return null;
    const p = propsOf(event);
    const kind = stringProp(p, 'questionType', 'question_type', 'kind', 'type');
    const value = numberProp(p, 'value', 'answer', 'score');
    if (kind === 'nps' || kind === 'csat' || kind === 'ces') {
      const [lo, hi] = SCALES[kind];
      return scaleTo100(value, lo, hi);
    }
    if (kind === 'rating') {
      const scale = numberProp(p, 'scale');
      return scale !== null && scale >= RATING_SCALE.min && scale <= RATING_SCALE.max ? scaleTo100(value, 1, scale) : null;
    }
    if (kind === 'thumbs') {
      const raw = p.value ?? p.answer;
      if (raw === 'up' || raw === 'thumbs_up' || raw === true || raw === 1) return 100;
      if (raw === 'down' || raw === 'thumbs_down' || raw === false || raw === 0) return 0;
    }
    return null;
  },
};
