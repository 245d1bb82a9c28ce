import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably, notFound } from '../http/errors';
import { recomputeClustering } from '../segments/recomputeClustering';
import { getClustering } from '../store/clusterings';

/** RFM-style clusters, mounted under /v1/sites/:site (read key checked by the parent). */
export const clustersRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/clusters — the latest clustering: named groups with sizes and centroids.
clustersRoute.get('/clusters', async (c) => {
  const clustering = await getClustering(c.env.DB, c.req.param('site')!);
  if (!clustering) notFound('clustering (none computed yet; POST .../clusters/recompute)');
  return c.json(clustering);
});

export const clusterAdminRoute = new Hono<AppEnv>();

// POST /v1/sites/:site/clusters/recompute — compute it now (write key); the cron trigger does it daily.
clusterAdminRoute.post('/clusters/recompute', async (c) => {
  const clustering = await durably(() => recomputeClustering(c.env.DB, c.req.param('site')!));
  return c.json(clustering);
});
