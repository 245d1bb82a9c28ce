import { computeScore } from '../score/computeScore';
import { mergeStateRows, type StateRow } from '../score/decay';
import type { ScoreConfig } from '../score/scoreConfig';
import { sessionChannelCounts, type SessionCounts } from '../store/channelShares';
import { monetaryValues } from '../store/monetaryValues';

const DAY = 86_400_000;

/** One person for the clustering (store/subject.ts): a customer over all devices, or an anonymous visitor. */
export interface Person {
  /** Person key: the visitor id, or `customer:<id>`. */
  id: string;
  /** Every visitor id whose person this is. */
  memberIds: string[];
  lastSeen: number;
  events: number;
  state: StateRow[];
}

export interface FeatureContext {
  db: D1Database;
  site: string;
  config: ScoreConfig;
  now: number;
}

/**
 * One dimension of the clustering. `values` gives each person's value in plain units (one query at most
 * for all of them); `transform` is applied before standardising (log for heavy-tailed counts); `high` and
 * `low` are the words a group's description uses when its centre is half a standard deviation or more
 * above or below everyone's mean.
 */
export interface ClusterFeature {
  key: string;
  unit: string;
  high: string;
  low: string;
  transform: (x: number) => number;
  values: (people: readonly Person[], ctx: FeatureContext) => number[] | Promise<number[]>;
}

/** log(1 + x) for counts and amounts that are mostly small with a long tail; signed for net refunds. */
const logScale = (x: number) => Math.sign(x) * Math.log1p(Math.abs(x));
const linear = (x: number) => x;

/**
 * Channel mix: the percentage of a person's sessions (every device) that came through `part`; 0 for
 * someone with no classified session (server-only customers, history before sessions were kept). The
 * counts are read once for both channel features of a recompute.
 */
const channelShare = (part: 'search' | 'emailSocial') => async (people: readonly Person[], { db, site }: FeatureContext) => {
  const counts = await sessionCounts(db, site, people);
  return people.map((p) => {
    const sum = p.memberIds.reduce((t, id) => ({ sessions: t.sessions + (counts.get(id)?.sessions ?? 0), n: t.n + (counts.get(id)?.[part] ?? 0) }), { sessions: 0, n: 0 });
    return sum.sessions ? (100 * sum.n) / sum.sessions : 0;
  });
};
const countsRead = new WeakMap<readonly Person[], Promise<Map<string, SessionCounts>>>();
function sessionCounts(db: D1Database, site: string, people: readonly Person[]) {
  if (!countsRead.has(people)) countsRead.set(people, sessionChannelCounts(db, site, people.flatMap((p) => p.memberIds)));
  return countsRead.get(people)!;
}

/**
 * The features, in description order. Adding one is one entry here: its values are read for the same
 * people and it is standardised like the rest (matchClusters compares only features both clusterings have).
 */
export const CLUSTER_FEATURES: readonly ClusterFeature[] = [
  {
    key: 'recencyDays',
    unit: 'days since last seen',
    high: 'lapsed',
    low: 'recent',
    transform: logScale,
    values: (people, { now }) => people.map((p) => Math.max(0, (now - p.lastSeen) / DAY)),
  },
  {
    key: 'frequency',
    unit: 'events',
    high: 'frequent',
    low: 'occasional',
    transform: logScale,
    values: (people) => people.map((p) => p.events),
  },
  {
    key: 'monetary',
    unit: 'net purchase value (purchases minus refunds)',
    high: 'high value',
    low: 'low value',
    transform: logScale,
    values: async (people, { db, site }) => {
      const byVisitor = await monetaryValues(db, site, people.flatMap((p) => p.memberIds));
      return people.map((p) => p.memberIds.reduce((s, id) => s + (byVisitor.get(id) ?? 0), 0));
    },
  },
  {
    key: 'happyIndex',
    unit: 'Happy Index (0–100)',
    high: 'happy',
    low: 'unhappy',
    transform: linear,
    values: (people, { config, now }) => people.map((p) => computeScore(config, mergeStateRows(p.state), now).score),
  },
  {
    key: 'searchShare',
    unit: '% of sessions from search',
    high: 'found through search',
    low: 'seldom from search',
    transform: linear,
    values: channelShare('search'),
  },
  {
    key: 'emailSocialShare',
    unit: '% of sessions from email or social',
    high: 'reached by email or social',
    low: 'seldom from email or social',
    transform: linear,
    values: channelShare('emailSocial'),
  },
];

/** Every person's plain feature values, one row per person in `people` order. */
export async function readFeatures(people: readonly Person[], ctx: FeatureContext, features = CLUSTER_FEATURES): Promise<number[][]> {
  const columns = await Promise.all(features.map((f) => f.values(people, ctx)));
  return people.map((_, i) => columns.map((c) => c[i]));
}
