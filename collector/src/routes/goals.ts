import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably, fail, notFound } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { goalConversions } from '../goals/goalConversions';
import { goalInputSchema } from '../goals/goalInput';
import { reportRange } from '../goals/reportRange';
import { LIMITS } from '../schema/limits';
import { parseOr400 } from '../schema/parse';
import { countGoals, createGoal, deleteGoal, listGoals, updateGoal } from '../store/goals';

/** Goal reads, mounted under /v1/sites/:site (read key checked by the parent). */
export const goalsRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/goals — the site's goals.
goalsRoute.get('/goals', async (c) => c.json({ goals: await listGoals(c.env.DB, c.req.param('site')!) }));

// GET /v1/sites/:site/goals/report?from=&to= — each goal's conversions and converting people in the range.
goalsRoute.get('/goals/report', async (c) => {
  const site = c.req.param('site')!;
  const { from, to } = reportRange(c.req.query());
  const goals = await listGoals(c.env.DB, site);
  const counts = await goalConversions(c.env.DB, site, goals, from, to);
  return c.json({ from, to, goals: goals.map((g, i) => ({ ...g, ...counts[i] })) });
});

/** Goal writes (write key). */
export const goalAdminRoute = new Hono<AppEnv>();

// POST /v1/sites/:site/goals — { name, matcher }.
goalAdminRoute.post('/goals', async (c) => {
  const site = c.req.param('site')!;
  const input = parseOr400(goalInputSchema, await readJsonBody(c.req.raw, 16 * 1024));
  if ((await countGoals(c.env.DB, site)) >= LIMITS.goalsPerSite) fail(409, `goals: a site has at most ${LIMITS.goalsPerSite}`, 'goals');
  const goal = await durably(() => createGoal(c.env.DB, site, input));
  return c.json({ goal }, 201);
});

// PUT /v1/sites/:site/goals/:goalId — replace name and matcher.
goalAdminRoute.put('/goals/:goalId', async (c) => {
  const input = parseOr400(goalInputSchema, await readJsonBody(c.req.raw, 16 * 1024));
  const goal = await durably(() => updateGoal(c.env.DB, c.req.param('site')!, c.req.param('goalId'), input));
  if (!goal) notFound('goal');
  return c.json({ goal });
});

// DELETE /v1/sites/:site/goals/:goalId
goalAdminRoute.delete('/goals/:goalId', async (c) => {
  const deleted = await durably(() => deleteGoal(c.env.DB, c.req.param('site')!, c.req.param('goalId')));
  if (!deleted) notFound('goal');
  return c.body(null, 204);
});
