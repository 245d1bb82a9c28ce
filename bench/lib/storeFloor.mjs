// The SQLite floor of the dashboard's reads: the collector's own store functions (overview statements,
// visitors list, segment members), bundled for Node and run on the seeded D1 file with better-sqlite3
// through d1OverSqlite, read-only beside the running wrangler dev (WAL lets a reader in). What the
// same statements cost without workerd, D1's bridge and HTTP, measured in the same run.
import { d1OverSqlite } from './d1OverSqlite.mjs';
import { importCollector } from './importCollector.mjs';
import { requireSqlite } from './requireSqlite.mjs';

const storeFunctions = () =>
  importCollector([
    [['countPeople', 'scoreSummary', 'topPages', 'vitalsSummary', 'surveySummary'], 'store/overview.ts'],
    [['getScoreConfig'], 'store/scoreConfig.ts'],
    [['readScoreDays'], 'store/segmentSnapshots.ts'],
    [['searchVisitors'], 'store/visitorSearch.ts'],
    [['segmentPage'], 'segments/segmentPage.ts'],
  ]);

/** Median ms of `runs` runs of each of the dashboard's reads, straight on `file`. */
export async function storeFloor(file, { site = 'demo', runs = 3, now = Date.now() } = {}) {
  const Database = await requireSqlite();
  const m = await storeFunctions();
  const raw = new Database(file, { readonly: true });
  raw.pragma('cache_size = -500000');
  const db = d1OverSqlite(raw);
  try {
    const { config } = await m.getScoreConfig(db, site);
    const from = now - 30 * 86_400_000;
    const reads = {
      'overview: people': () => m.countPeople(db, site, from, now),
      'overview: Happy Index summary': () => m.scoreSummary(db, site, config, from, now),
      'overview: score trend': () => m.readScoreDays(db, site, from, now),
      'overview: NPS / CSAT': () => m.surveySummary(db, site, from, now),
      'overview: top pages': () => m.topPages(db, site, from, now),
      'overview: web vitals': () => m.vitalsSummary(db, site, from, now),
      'visitors, last seen': () => m.searchVisitors(db, site, config, { sort: 'lastSeen', limit: 25, after: null }, now),
      'visitors, by score': () => m.searchVisitors(db, site, config, { sort: 'score', limit: 25, after: null }, now),
      'visitors, by events': () => m.searchVisitors(db, site, config, { sort: 'events', limit: 25, after: null }, now),
      'visitors, search': () => m.searchVisitors(db, site, config, { q: 'customer-0012', sort: 'lastSeen', limit: 25, after: null }, now),
      'segment at-risk, first page': () => m.segmentPage(db, site, 'at-risk', 25, null),
      'segment nps-detractors, first page': () => m.segmentPage(db, site, 'nps-detractors', 25, null),
    };
    const out = {};
    for (const [label, read] of Object.entries(reads)) {
      const times = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await read();
        times.push(performance.now() - t);
      }
      out[label] = times.sort((a, b) => a - b)[Math.floor(runs / 2)];
    }
    return out;
  } finally {
    raw.close();
  }
}
