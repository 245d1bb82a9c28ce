import { TYPE } from '../../schema/vocabulary';
import { PAGE_HOUR_MS } from './pageHours';
import { NEW_EVENTS, type Projection } from './types';

/** The question types the overview scores (NPS and CSAT); survey_hours counts their numeric answers. */
export const SCORED_QUESTIONS = ['nps', 'csat'] as const;

/** The answers survey_hours counts, as a condition on an events row (also the partial hours' read). */
export const SCORED_ANSWER = `type = '${TYPE.surveyAnswered}' AND props->>'questionType' IN (${SCORED_QUESTIONS.map((q) => `'${q}'`).join(', ')})
  AND json_type(props, '$.value') IN ('integer', 'real')`;

/** survey_hours: each new NPS or CSAT answer counted in its site's hour, question type and value. */
export const surveyHours: Projection = ({ db, site, batchId, idsJson, rows }) => {
  const scored = (r: (typeof rows)[number]) =>
    r.type === TYPE.surveyAnswered && (SCORED_QUESTIONS as readonly unknown[]).includes((r.props as { questionType?: unknown } | null)?.questionType);
  if (!rows.some(scored)) return [];
  return [
    db
      .prepare(
        `INSERT INTO survey_hours (site, hour, kind, value, answers)
         SELECT site, ts - ts % ${PAGE_HOUR_MS}, props->>'questionType', props->>'value', count(*) FROM ${NEW_EVENTS} WHERE ${SCORED_ANSWER}
         GROUP BY 2, 3, 4
         ON CONFLICT (site, hour, kind, value) DO UPDATE SET answers = answers + excluded.answers`,
      )
      .bind(site, idsJson, batchId),
  ];
};
