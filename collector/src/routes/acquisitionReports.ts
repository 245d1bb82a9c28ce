import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { fail, notFound } from '../http/errors';
import { channelReportQuerySchema, deviceReportQuerySchema } from '../schema/acquisitionQuery';
import { OVERVIEW_DEFAULT_DAYS, OVERVIEW_MAX_DAYS } from '../schema/overviewQuery';
import { parseOr400 } from '../schema/parse';
import { channelReport, deviceReport } from '../store/acquisitionReports';
import { getGoal, listGoals } from '../store/goals';
import { getScoreConfig } from '../store/scoreConfig';

const DAY = 86_400_000;

/** GET /v1/sites/:site/reports/channels and /reports/devices, mounted on the read-key routes. */
export const acquisitionReportsRoute = new Hono<AppEnv>();

/** The range as the overview reads it: default the last 30 days, at most 366. */
function range(q: { from?: number; to?: number }, now: number) {
  const to = q.to ?? now;
  const from = q.from ?? to - OVERVIEW_DEFAULT_DAYS * DAY;
  if (from > to || to - from > OVERVIEW_MAX_DAYS * DAY) fail(400, `from: must be before \`to\` and at most ${OVERVIEW_MAX_DAYS} days earlier`, 'from');
  return { from, to };
}

// Sessions started in the range by channel (or ?by=source|medium|campaign): visitors, sessions, average Happy Index,
// conversions (any goal, or ?goal=) and net revenue per currency, both by the session they happened in.
acquisitionReportsRoute.get('/reports/channels', async (c) => {
  const q = parseOr400(channelReportQuerySchema, c.req.query());
  const now = Date.now();
  const { from, to } = range(q, now);
  const site = c.req.param('site')!;
  const [{ config }, goals] = await Promise.all([
    getScoreConfig(c.env.DB, site),
    q.goal ? getGoal(c.env.DB, site, q.goal).then((g) => (g ? [g] : notFound('goal'))) : listGoals(c.env.DB, site),
  ]);
  // The score is read at the end of the range (or now, if sooner), as the overview does.
  const rows = await channelReport(c.env.DB, site, q.by, config, goals, from, to, Math.min(to, now));
  return c.json({ from, to, by: q.by, ...(q.goal && { goal: q.goal }), rows });
});

// Sessions started in the range by browser, OS, device type and country: visitors and sessions.
acquisitionReportsRoute.get('/reports/devices', async (c) => {
  const q = parseOr400(deviceReportQuerySchema, c.req.query());
  const { from, to } = range(q, Date.now());
  return c.json({ from, to, ...(await deviceReport(c.env.DB, c.req.param('site')!, from, to)) });
});
