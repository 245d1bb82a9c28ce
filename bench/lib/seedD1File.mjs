// Browser batches stored straight into a local D1 file (the one `wrangler dev --persist-to DIR` opens)
// by the collector's own ingest() — validation, filters, minimal URLs, the events insert and every
// projection, the same statements as the Worker — bundled with esbuild and run in Node on
// better-sqlite3 through d1OverSqlite. No HTTP, no workerd: a 5,000,000-event site seeds in minutes.
// wrangler dev must not be running on DIR meanwhile (one writer).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { browserUa } from './dashboardSeed.mjs';
import { d1OverSqlite } from './d1OverSqlite.mjs';
import { importCollector } from './importCollector.mjs';
import { requireSqlite } from './requireSqlite.mjs';

/** The local D1 database file of a wrangler state directory (after scripts/prepare-dev-db.mjs). */
export function d1File(persist) {
  const dir = path.join(persist, 'v3/d1/miniflare-D1DatabaseObject');
  const files = readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (files.length !== 1) throw new Error(`expected one D1 database in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]);
}

/**
 * A `store` for seedVisitors that writes `persist`'s D1 file. Each batch is ingested as the browser
 * route does (kind browser, the visitor's user agent, sent now), minus the immediate alert raise (the
 * inbox projection still fills; the alerts cron drains it). close() when done.
 */
export async function d1FileStore(persist, { site = 'demo' } = {}) {
  const Database = await requireSqlite();
  const { ingest } = await importCollector([[['ingest'], 'ingest/ingest.ts']]);
  const db = new Database(d1File(persist));
  // A bench seed, not a deployment: a crash mid-seed means seeding again, so no fsync per batch.
  db.pragma('synchronous = OFF');
  // The events' indexes take random inserts (hashed ids): a page cache of 1 GB keeps them off the disk.
  db.pragma('cache_size = -1000000');
  const env = { DB: d1OverSqlite(db), RATE_LIMIT_SITE_PER_MINUTE: String(Number.MAX_SAFE_INTEGER) };
  // Commits every 50 batches (ingest's own db.batch nests as a savepoint): far fewer WAL syncs.
  let open = 0;
  const commit = () => db.inTransaction && db.exec('COMMIT');
  const store = async (batch, index) => {
    if (!db.inTransaction) db.exec('BEGIN');
    if (++open % 50 === 0) commit(), db.exec('BEGIN');
    const now = Date.now();
    const request = new Request('https://collector.example/v1/events', { method: 'POST', headers: { 'user-agent': browserUa(index) } });
    const result = await ingest(env, { kind: 'browser', site, receivedAt: now, request, sentAt: now }, batch);
    if (result.refused.length) throw new Error(`seed batch refused: ${JSON.stringify(result.refused[0])}`);
    return result.stored ?? 0;
  };
  return { store, close: () => (commit(), db.close()) };
}
