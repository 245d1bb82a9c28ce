import { getScoreConfig } from '../store/scoreConfig';
import { listSiteIds, readPeople, saveClustering } from '../store/clusterings';
import { clusterCustomers, type Clustering } from './clusterCustomers';

/** People a clustering reads at most (the most recently seen): bounds the work of one request or cron run. */
const PEOPLE_MAX = 10_000;

export async function recomputeClustering(db: D1Database, site: string, now = Date.now()): Promise<Clustering> {
  const { config } = await getScoreConfig(db, site);
  const clustering = clusterCustomers(await readPeople(db, site, PEOPLE_MAX), config, now);
  await saveClustering(db, site, clustering);
  return clustering;
}

/** The cron trigger: every site's clustering, one after another (one failing site does not stop the rest). */
export async function recomputeAllClusterings(db: D1Database): Promise<void> {
  for (const site of await listSiteIds(db)) {
    try {
      await recomputeClustering(db, site);
    } catch (err) {
      console.error('clustering failed', site, err);
    }
  }
}
