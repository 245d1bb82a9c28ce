/** Where a survey's hosted page lives on the collector (routes/hostedSurvey.ts); ids are URL-safe slugs. */
export const HOSTED_PREFIX = '/s/';
export const hostedSurveyPath = (site: string, survey: string) => `${HOSTED_PREFIX}${encodeURIComponent(site)}/${encodeURIComponent(survey)}`;
