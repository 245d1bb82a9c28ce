/** Site-wide survey fatigue settings (PUT /v1/sites/:site/survey-settings). */
import * as z from './zod';

export const surveySettingsSchema = z.object({
  /** No visitor sees more than one survey every N days (0: no site-wide budget). Dismissed counts as seen. */
  budgetDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(365)), 0),
  /** Not shown to someone who answered a survey in another channel (email, chat…) in the last N days (0: off). */
  crossChannelDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(365)), 0),
});

export type SurveySettings = z.output<typeof surveySettingsSchema>;
export const DEFAULT_SURVEY_SETTINGS: SurveySettings = { budgetDays: 0, crossChannelDays: 0 };
