import { getScoreConfig } from '../store/scoreConfig';
import { getClustering, listSiteIds, readPeople, saveClustering } from '../store/clusterings';
import { CLUSTER_FEATURES, readFeatures } from './clusterFeatures';
import { clusterPeople, type Clustering } from './clusterPeople';

/** People a clustering reads at most (the most recently seen): bounds the work of one request or cron run. */
const PEOPLE_MAX = 10_000;

/** Clusters the site's people, matching labels to the previous clustering, and stores groups and memberships. */
export async function recomputeClustering(db: D1Database, site: string, now = Date.now()): Promise<Clustering> {
  const [{ config }, previous, people] = await Promise.all([getScoreConfig(db, site), getClustering(db, site), readPeople(db, site, PEOPLE_MAX)]);
  const values = await readFeatures(people, { db, site, config, now });
  const { clustering, membership } = clusterPeople(
    people.map((p) => p.id),
    values,
    CLUSTER_FEATURES,
    previous,
    now,
  );
  await saveClustering(db, site, clustering, membership);
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
