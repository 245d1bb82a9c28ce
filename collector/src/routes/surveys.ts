import { Hono } from 'hono';
import { matchSegment } from '../segments/matchSegment';
import { resolveSegment } from '../segments/resolveSegment';
import { getScoreConfig } from '../store/scoreConfig';
import { getVisitors } from '../store/visitors';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { durably, fail, notFound } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { parseOr400 } from '../schema/parse';
import { surveyInputSchema, type SurveyDefinition } from '../schema/survey';
import { surveySettingsSchema } from '../schema/surveySettings';
import { readSurveyEvents } from '../store/surveyEvents';
import {
  createSurvey,
  deleteSurvey,
  getSurvey,
  getSurveySettings,
  listSurveys,
  putSurveySettings,
  replaceSurvey,
} from '../store/surveys';
import { summariseResults } from '../surveys/summariseResults';

/** Survey definitions are a few KB; 64 KB leaves room for translations. */
const BODY_BYTES = 64 * 1024;
/** Ids that would shadow the public routes under /surveys/. */
const RESERVED_IDS = new Set(['active', 'visitors']);

/**
 * Changes to survey definitions and settings: write key (checked per route, so reads fall through to
 * the read-key routes below). Mounted under /v1/sites/:site before the read routes.
 */
export const surveyWritesRoute = new Hono<AppEnv>();

// POST /v1/sites/:site/surveys — a new survey; the id is made from the name when not given.
surveyWritesRoute.post('/surveys', async (c) => {
  const site = c.req.param('site')!;
  const input = parseOr400(surveyInputSchema, await readJsonBody(c.req.raw, BODY_BYTES));
  const survey = { ...input, id: input.id ?? newSurveyId(input.name) } as SurveyDefinition;
  checkId(survey.id);
  const created = await durably(() => createSurvey(c.env.DB, site, survey, Date.now()));
  if (!created) fail(409, `id: a survey "${survey.id}" already exists`, 'id');
  return c.json({ survey }, 201);
});

// PUT /v1/sites/:site/surveys/:id — replaces the whole definition (answers already given stay).
surveyWritesRoute.put('/surveys/:id', async (c) => {
  const site = c.req.param('site')!;
  const id = c.req.param('id');
  const input = parseOr400(surveyInputSchema, await readJsonBody(c.req.raw, BODY_BYTES));
  if (input.id !== undefined && input.id !== id) fail(400, `id: must be "${id}" as in the URL (or left out)`, 'id');
  const survey = { ...input, id } as SurveyDefinition;
  if (!(await durably(() => replaceSurvey(c.env.DB, site, survey, Date.now())))) notFound('survey');
  return c.json({ survey });
});

// DELETE /v1/sites/:site/surveys/:id — the definition goes; its events stay in journeys.
surveyWritesRoute.delete('/surveys/:id', async (c) => {
  if (!(await durably(() => deleteSurvey(c.env.DB, c.req.param('site')!, c.req.param('id'))))) notFound('survey');
  return c.body(null, 204);
});

// PUT /v1/sites/:site/survey-settings — site-wide budget and cross-channel window.
surveyWritesRoute.put('/survey-settings', async (c) => {
  const settings = parseOr400(surveySettingsSchema, await readJsonBody(c.req.raw, BODY_BYTES));
  await durably(() => putSurveySettings(c.env.DB, c.req.param('site')!, settings, Date.now()));
  return c.json({ settings });
});

/**
 * Reads of definitions, settings and results: read key (mounted on the read-key sub-app). Definitions
 * hold unpublished drafts and targeting, so they are not public; /surveys/active is the public subset.
 */
export const surveysRoute = new Hono<AppEnv>();

surveysRoute.get('/surveys', async (c) => {
  const stored = await listSurveys(c.env.DB, c.req.param('site')!);
  return c.json({ surveys: stored.map(({ survey, createdAt, updatedAt }) => ({ ...survey, createdAt, updatedAt })) });
});

surveysRoute.get('/survey-settings', async (c) => c.json({ settings: await getSurveySettings(c.env.DB, c.req.param('site')!) }));

surveysRoute.get('/surveys/:id', async (c) => {
  const stored = await getSurvey(c.env.DB, c.req.param('site')!, c.req.param('id'));
  if (!stored) notFound('survey');
  return c.json({ survey: { ...stored.survey, createdAt: stored.createdAt, updatedAt: stored.updatedAt } });
});

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD'));
const resultsQuery = z.object({
  from: z.optional(day),
  to: z.optional(day),
  campaign: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
  segment: z.optional(z.string()),
});

// GET /v1/sites/:site/surveys/:id/results?from=YYYY-MM-DD&to=YYYY-MM-DD&campaign=…
surveysRoute.get('/surveys/:id/results', async (c) => {
  const site = c.req.param('site')!;
  const query = parseOr400(resultsQuery, c.req.query(), 'query');
  const stored = await getSurvey(c.env.DB, site, c.req.param('id'));
  if (!stored) notFound('survey');
  const to = query.to ? Date.parse(query.to) + 86_400_000 : Date.now() + 60_000;
  const from = query.from ? Date.parse(query.from) : to - 90 * 86_400_000;
  if (!(from < to)) fail(400, 'query.from: must be before query.to', 'query.from');
  const found = await readSurveyEvents(c.env.DB, site, stored.survey.id, { from, to, campaign: query.campaign });
  const rows = query.segment === undefined ? found.rows : await inSegment(c.env.DB, site, query.segment, found.rows);
  const truncated = found.truncated;
  return c.json({
    surveyId: stored.survey.id,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    campaign: query.campaign ?? null,
    segment: query.segment ?? null,
    truncated,
    ...summariseResults(stored.survey, rows),
  });
});

function checkId(id: string) {
  if (RESERVED_IDS.has(id)) fail(400, `id: "${id}" is reserved`, 'id');
}

/** `Spring NPS!` → `spring-nps-k3x9`: readable, and unlikely to collide. */
function newSurveyId(name: string): string {
  const stem = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'survey';
  return `${stem}-${crypto.randomUUID().slice(0, 6)}`;
}

/** Only the answers of respondents who are members of `segment` (a built-in name or a saved id). */
async function inSegment<R extends { visitorId: string }>(db: D1Database, site: string, segment: string, rows: R[]): Promise<R[]> {
  const spec = await resolveSegment(db, site, segment);
  const { config } = await getScoreConfig(db, site);
  const respondents = await getVisitors(db, site, [...new Set(rows.map((r) => r.visitorId))]);
  const members = await matchSegment(db, site, config, spec, respondents);
  return rows.filter((r) => members.has(r.visitorId));
}
