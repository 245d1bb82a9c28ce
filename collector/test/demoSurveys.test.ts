import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module shared with scripts/prepare-dev-db.mjs
import { DEMO_SURVEYS } from '../../scripts/demoSurveys.mjs';
import { surveyInputSchema } from '../src/schema/survey';

describe('the example site surveys seeded by prepare-dev-db', () => {
  it('are valid definitions, stored exactly as the API would store them', () => {
    for (const survey of DEMO_SURVEYS as unknown[]) {
      const parsed = surveyInputSchema.safeParse(survey);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data).toEqual(survey);
    }
  });
});
