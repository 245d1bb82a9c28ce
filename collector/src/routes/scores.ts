import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably, notFound } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { scoreConfigSchema } from '../score/scoreConfig';
import { subjectScore, TREND_MS } from '../score/subjectScore';
import { scoreValidity } from '../score/validity/scoreValidity';
import { parseOr400 } from '../schema/parse';
import { getCustomer } from '../store/customers';
import { getScoreConfig, putScoreConfig } from '../store/scoreConfig';
import { readTrendInputs, recomputeScoreState } from '../store/scoreState';
import { customerMemberIds, memberIds, resolveSubjects, subjectKey } from '../store/subject';
import { getVisitor } from '../store/visitors';
import { subjectClusters } from '../segments/subjectCluster';
import { subjectSegments } from '../segments/subjectSegments';
import { customerVisitorId } from '../ingest/customerVisitorId';

/** Happy Index reads, mounted under /v1/sites/:site (read key checked by the parent). */
export const scoresRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/visitors/:visitorId/score — the Happy Index of the visitor's person (its customer
// over every device when identified, see store/subject.ts): score, confidence, band, contributions,
// 30-day trend, built-in segments, cluster (latest clustering's group, or null).
scoresRoute.get('/visitors/:visitorId/score', async (c) => {
  const site = c.req.param('site')!;
  // Three steps of concurrent reads: the visitor and the model; their person; the facts of the card.
  const [visitor, { config }] = await Promise.all([getVisitor(c.env.DB, site, c.req.param('visitorId')), getScoreConfig(c.env.DB, site)]);
  if (!visitor) notFound('visitor');
  const at = Date.now();
  const people = await resolveSubjects(c.env.DB, site, [visitor]);
  const key = subjectKey(visitor);
  // The score's trend and the at-risk segment read the same state: once.
  const trend = readTrendInputs(c.env.DB, site, memberIds(people), at - TREND_MS);
  const [score, segments, clusters] = await Promise.all([
    subjectScore(c.env.DB, site, config, memberIds(people), at, trend),
    subjectSegments(c.env.DB, site, config, visitor, at, people, trend),
    subjectClusters(c.env.DB, site, [key]),
  ]);
  return c.json({ visitorId: visitor.visitorId, customerId: visitor.customerId, ...score, segments, cluster: clusters.get(key) ?? null });
});

// GET /v1/sites/:site/customers/:customerId/score — the same for a customer (the customer card).
scoresRoute.get('/customers/:customerId/score', async (c) => {
  const site = c.req.param('site')!;
  const [customer, { config }] = await Promise.all([getCustomer(c.env.DB, site, c.req.param('customerId')), getScoreConfig(c.env.DB, site)]);
  if (!customer) notFound('customer');
  const at = Date.now();
  const row = { visitorId: customerVisitorId(customer.customerId), customerId: customer.customerId, firstSeen: customer.firstSeen, lastSeen: customer.lastSeen, events: 0 };
  const [score, segments, clusters] = await Promise.all([
    subjectScore(c.env.DB, site, config, await customerMemberIds(c.env.DB, site, customer.customerId), at),
    subjectSegments(c.env.DB, site, config, row, at),
    subjectClusters(c.env.DB, site, [row.visitorId]),
  ]);
  return c.json({ customerId: customer.customerId, ...score, segments, cluster: clusters.get(row.visitorId) ?? null });
});

// GET /v1/sites/:site/scores/config — the model in force: every signal's half-life, weight, prior; bands.
scoresRoute.get('/scores/config', async (c) => {
  const { input, config } = await getScoreConfig(c.env.DB, c.req.param('site')!);
  return c.json({ config, overrides: input ?? {} });
});

// GET /v1/sites/:site/scores/validity — how well the Happy Index at past cutoffs predicted who came back
// within 30 days (AUC with a 95% interval, overall and per signal), and proposed weights in the shape of
// PUT .../scores/config.
scoresRoute.get('/scores/validity', async (c) => {
  const site = c.req.param('site')!;
  const { input, config } = await getScoreConfig(c.env.DB, site);
  return c.json(await scoreValidity(c.env.DB, site, input, config));
});

/** Changes to the model, mounted under /v1/sites/:site before the reads; each route asks for a write key. */
export const scoreAdminRoute = new Hono<AppEnv>();

// PUT /v1/sites/:site/scores/config — replace the site's overrides (write key).
scoreAdminRoute.put('/scores/config', async (c) => {
  const input = parseOr400(scoreConfigSchema, await readJsonBody(c.req.raw, 64 * 1024));
  const result = await durably(() => putScoreConfig(c.env.DB, c.req.param('site')!, input));
  return c.json(result);
});

// POST /v1/sites/:site/scores/recompute — rebuild the site's score state from its history (write key).
scoreAdminRoute.post('/scores/recompute', async (c) => {
  const result = await durably(() => recomputeScoreState(c.env.DB, c.req.param('site')!));
  return c.json(result);
});
