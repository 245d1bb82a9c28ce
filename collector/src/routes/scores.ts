import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably, notFound } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { scoreConfigSchema } from '../score/scoreConfig';
import { subjectScore, TREND_MS } from '../score/subjectScore';
import { scoreValidity } from '../score/validity/scoreValidity';
import { parseOr400 } from '../schema/parse';
import { getScoreConfig, putScoreConfig } from '../store/scoreConfig';
import { readScoreCard, type CardSubject } from '../store/scoreCard';
import { recomputeScoreState } from '../store/scoreState';
import { memberIds } from '../store/subject';
import { describedCluster } from '../segments/subjectCluster';
import { subjectSegments } from '../segments/subjectSegments';

/** Happy Index reads, mounted under /v1/sites/:site (read key checked by the parent). */
export const scoresRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/visitors/:visitorId/score — the Happy Index of the visitor's person (its customer
// over every device when identified, see store/subject.ts): score, confidence, band, contributions,
// 30-day trend, built-in segments, cluster (latest clustering's group, or null).
scoresRoute.get('/visitors/:visitorId/score', async (c) => {
  const card = await scoreCard(c.env.DB, c.req.param('site')!, { visitorId: c.req.param('visitorId') });
  if (!card) notFound('visitor');
  return c.json({ visitorId: card.row.visitorId, customerId: card.row.customerId, ...card.body });
});

// GET /v1/sites/:site/customers/:customerId/score — the same for a customer (the customer card).
scoresRoute.get('/customers/:customerId/score', async (c) => {
  const card = await scoreCard(c.env.DB, c.req.param('site')!, { customerId: c.req.param('customerId') });
  if (!card) notFound('customer');
  return c.json({ customerId: card.row.customerId, ...card.body });
});

/** A card's score, trend, segments and cluster from one round trip of reads (store/scoreCard.ts); null when unknown. */
async function scoreCard(db: D1Database, site: string, who: CardSubject) {
  const at = Date.now();
  const read = await readScoreCard(db, site, who, at - TREND_MS);
  if (!read) return null;
  const { row, config, people } = read;
  // The score's trend and the at-risk segment share the state read; nothing below reads D1.
  const trend = Promise.resolve(read.trend);
  const facts = { trend, nps: Promise.resolve(read.nps), sessions: Promise.resolve(read.sessions), newsletter: Promise.resolve(read.newsletter) };
  const [score, segments] = await Promise.all([
    subjectScore(db, site, config, memberIds(people), at, trend),
    subjectSegments(db, site, config, row, at, people, facts),
  ]);
  return { row, body: { ...score, segments, cluster: describedCluster(read.clusterId, read.clustering) } };
}

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
