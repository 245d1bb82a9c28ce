// The SQLite floor of the customer card's reads (bench:journey): the statements each route runs, in
// better-sqlite3 on a copy of the same local D1 file, so the same schema, rows and plans. Each list
// mirrors its route; when a route's statements change, change its list here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importCollector } from './importCollector.mjs';
import { d1File } from './seedD1File.mjs';

const DAY = 86_400_000; // TREND_MS is 30 days (score/subjectScore.ts)
const CHAT = "('chat_started', 'chat_message', 'chat_ended')";

/** A read-only copy of `persist`'s D1 file (VACUUM INTO: consistent while workerd runs). */
export function copyD1(Database, persist) {
  const out = mkdtempSync(path.join(tmpdir(), 'hoptrail-read-floor-'));
  const copy = path.join(out, 'd1.sqlite');
  const src = new Database(d1File(persist), { readonly: true, fileMustExist: true });
  try {
    src.exec(`VACUUM INTO '${copy}'`);
  } finally {
    src.close();
  }
  return { db: new Database(copy, { readonly: true }), cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

/**
 * The statements of each call for `visitorId` (a visitor that never identified), as [sql, params] pairs.
 * A statement over a table the schema lacks (an older checkout) is left out and named in `missing`.
 */
export async function readStatements(db, { site, visitorId, now }) {
  const scoreCard = await scoreCardStatements(site, visitorId, now - 30 * DAY);
  // No key check: the route's check reads the site's key hashes once per isolate (store/keys.ts).
  const visitor = ['SELECT visitor_id, customer_id, first_seen, last_seen, events FROM visitors WHERE site = ? AND visitor_id = ?', [site, visitorId]];
  const event = `json_object('id', id, 'type', type, 'name', name, 'ts', ts, 'receivedAt', received_at, 'visitorId', visitor_id,
    'sessionId', session_id, 'seq', seq, 'url', url, 'path', path, 'props', json(props), 'source', source)`;
  const columns = 'id, type, name, ts, received_at, visitor_id, session_id, seq, url, path, props, source';
  const calls = {
    // routes/visitors.ts + store/journeys.ts: the visitor, the page built as JSON, the next key.
    journey: [
      visitor,
      [`SELECT json_group_array(${event}) AS events FROM (SELECT ${columns} FROM events INDEXED BY events_visitor_time WHERE site = ?1 AND visitor_id = ?2 ORDER BY ts, seq, id LIMIT ?3)`, [site, visitorId, 1000]],
      ['SELECT ts, seq, id FROM events INDEXED BY events_visitor_time WHERE site = ?1 AND visitor_id = ?2 ORDER BY ts, seq, id LIMIT 1 OFFSET ?3', [site, visitorId, 999]],
    ],
    // routes/conversations.ts + store/chatEvents.ts: the visitor and its chat events.
    conversations: [visitor, [`SELECT json_group_array(${event}) AS events FROM (SELECT ${columns} FROM events INDEXED BY events_chat WHERE site = ?1 AND visitor_id = ?2 AND type IN ${CHAT} ORDER BY ts, seq, id LIMIT ?3)`, [site, visitorId, 5000]]],
    // routes/scores.ts: its one db.batch, as store/scoreCard.ts builds it (captured from that code).
    score: scoreCard,
  };
  const missing = [];
  const prepared = {};
  for (const [call, list] of Object.entries(calls)) {
    prepared[call] = [];
    for (const [sql, params] of list) {
      try {
        // better-sqlite3 takes ?N as a name: rewrite to plain ? with the values in order of use.
        const order = [...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1]) - 1);
        prepared[call].push(order.length ? [db.prepare(sql.replace(/\?\d+/g, '?')), order.map((i) => params[i])] : [db.prepare(sql), params]);
      } catch (err) {
        if (!/no such (table|index)/.test(err.message)) throw err;
        missing.push(`${call}: ${err.message}`);
      }
    }
  }
  return { prepared, missing };
}

/** Milliseconds to run one call's statements, reading every row (as D1 hands them to the Worker). */
export function runCall(statements) {
  const t = performance.now();
  let rows = 0;
  for (const [stmt, params] of statements) rows += stmt.all(...params).length;
  return { ms: performance.now() - t, rows };
}

/**
 * The statements of the score card's db.batch for a visitor, as [sql, params]: store/scoreCard.ts run
 * against a D1 stand-in that records the batch (and answers it empty), so the floor is the route's SQL.
 */
async function scoreCardStatements(site, visitorId, since) {
  const { readScoreCard } = await importCollector([[['readScoreCard'], 'store/scoreCard.ts']]);
  let batch = [];
  const statement = (sql, params = []) => ({ sql, params, bind: (...values) => statement(sql, values) });
  const db = {
    prepare: (sql) => statement(sql),
    batch: async (list) => ((batch = list.map((s) => [s.sql, s.params])), list.map(() => ({ results: [] }))),
  };
  await readScoreCard(db, site, { visitorId }, since);
  if (!batch.length) throw new Error('store/scoreCard.ts sent no db.batch: update bench/lib/readFloors.mjs');
  return batch;
}
