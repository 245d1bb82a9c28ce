/** What the widget reads from GET /v1/sites/:site/surveys/active (types only: no validator ships). */
import type { SurveySettings } from '../../../collector/src/schema/surveySettings';
import type { ActiveSurvey, Question } from '../../../collector/src/schema/survey';

export type { ActiveSurvey as Survey, Question, SurveySettings };
export interface SurveyData {
  surveys: ActiveSurvey[];
  settings: SurveySettings;
}
/** localStorage key: survey id → time until which it must not show; `*` for every pop-up (site budget,
 * cross-channel). */
export const OFF_KEY = 'hoptrail_rest';
