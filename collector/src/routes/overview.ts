import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { fail } from '../http/errors';
import { OVERVIEW_DEFAULT_DAYS, OVERVIEW_MAX_DAYS, overviewQuerySchema } from '../schema/overviewQuery';
import { parseOr400 } from '../schema/parse';
import { readFunnel } from '../store/newsletterFunnel';
import { countPeople, scoreSummary, surveySummary, topPages, vitalsSummary } from '../store/overview';
import { scoreChangedPeople } from '../store/people';
import { getScoreConfig } from '../store/scoreConfig';
import { readScoreDays } from '../store/segmentSnapshots';

const DAY = 86_400_000;
/** The funnel sums at most this many campaigns sent in the range (newest first). */
const FUNNEL_CAMPAIGNS = 20;

/** GET /v1/sites/:site/overview — the dashboard's first screen, mounted on the read-key routes. */
export const overviewRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/overview?from=&to= — people, Happy Index summary, surveys, newsletter funnel,
// top pages and web vitals for a date range (ms; default the last 30 days).
overviewRoute.get('/overview', async (c) => {
  const q = parseOr400(overviewQuerySchema, c.req.query());
  const now = Date.now();
  const to = q.to ?? now;
  const from = q.from ?? to - OVERVIEW_DEFAULT_DAYS * DAY;
  if (from > to || to - from > OVERVIEW_MAX_DAYS * DAY) fail(400, `from: must be before \`to\` and at most ${OVERVIEW_MAX_DAYS} days earlier`, 'from');
  const site = c.req.param('site')!;
  const db = c.env.DB;
  const { config } = await getScoreConfig(db, site);
  // The people whose devices or score state changed since they were last scored, first (store/people.ts).
  await scoreChangedPeople(db, site, config, now);
  const [people, happyIndex, trend, surveys, pages, vitals, funnel] = await Promise.all([
    countPeople(db, site, from, to),
    scoreSummary(db, site, config, from, to),
    readScoreDays(db, site, from, to),
    surveySummary(db, site, from, to),
    topPages(db, site, from, to),
    vitalsSummary(db, site, from, to),
    // Counts kept at write time, equal to the sums of the campaigns' reports (store/newsletterFunnel.ts).
    readFunnel(db, site, from, to, FUNNEL_CAMPAIGNS),
  ]);
  return c.json({
    from,
    to,
    ...people,
    happyIndex: { ...happyIndex, bandLimits: config.bands, trend },
    surveys,
    newsletters: funnel,
    topPages: pages,
    vitals,
  });
});
