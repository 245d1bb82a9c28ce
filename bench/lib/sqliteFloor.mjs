// The raw SQLite floor of event storage on this machine: better-sqlite3 on a file with the collector's
// schema (every migration), inserting events and the per-visitor summary with the statements of
// bench:ingest's ceiling, `perTransaction` events per transaction. What D1 (SQLite underneath) could do
// at best with the same schema, measured in the same run as the collector so the ratio holds anywhere.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Events/s for `seconds` of transactions of `perTransaction` events from `makeEvents(n)`. */
export function sqliteFloor(Database, { perTransaction, seconds, synchronous = 'FULL', makeEvents }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hoptrail-sqlite-floor-'));
  const db = new Database(path.join(dir, 'floor.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    for (const file of readdirSync('collector/migrations').sort()) db.exec(readFileSync(`collector/migrations/${file}`, 'utf8'));
    const insert = db.prepare(`INSERT OR IGNORE INTO events
        (site, id, visitor_id, session_id, seq, type, name, ts, client_ts, received_at, url, path, props, source, batch_id)
      SELECT ?, value->>'id', value->>'visitorId', value->>'sessionId', value->>'seq', value->>'type', value->>'name',
        value->>'ts', value->>'ts', ?, value->>'url', '/pricing', value->>'props', 'browser', ? FROM json_each(?)`);
    const summary = db.prepare(`INSERT INTO visitors (site, visitor_id, first_seen, last_seen, events)
      SELECT site, visitor_id, min(ts), max(ts), count(*) FROM events
      WHERE site = ? AND id IN (SELECT value->>'id' FROM json_each(?)) AND batch_id = ? GROUP BY visitor_id
      ON CONFLICT (site, visitor_id) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen),
        last_seen = max(last_seen, excluded.last_seen), events = events + excluded.events`);
    const write = db.transaction((json, batchId) => {
      insert.run('demo', Date.now(), batchId, json);
      summary.run('demo', json, batchId);
    });
    let events = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      write(JSON.stringify(makeEvents(perTransaction)), crypto.randomUUID());
      events += perTransaction;
    }
    return Math.round(events / ((performance.now() - started) / 1000));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
