import { clustersOf, getClustering } from '../store/clusterings';
import type { Clustering } from './clusterPeople';

export interface SubjectCluster {
  id: string;
  description: string;
}

/** The latest clustering's group of each person key, with its description (cards and exports). */
export async function subjectClusters(db: D1Database, site: string, personKeys: string[]): Promise<Map<string, SubjectCluster>> {
  const [ids, clustering] = await Promise.all([clustersOf(db, site, personKeys), personKeys.length ? getClustering(db, site) : null]);
  const described = new Map(clustering?.groups.map((g) => [g.id, g.description]) ?? []);
  return new Map([...ids].map(([key, id]) => [key, { id, description: described.get(id) ?? '' }]));
}

/** One person's group (`id` from cluster_membership, or none) described by the latest clustering. */
export const describedCluster = (id: string | undefined, clustering: Clustering | null): SubjectCluster | null =>
  id === undefined ? null : { id, description: clustering?.groups.find((g) => g.id === id)?.description ?? '' };
