// The SQLite floor of the customer card's reads (bench:journey): the statements each route runs, in
// better-sqlite3 on a copy of the same local D1 file, so the same schema, rows and plans. Each list
// mirrors its route; when a route's statements change, change its list here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { d1File } from './seedD1File.mjs';

const DAY = 86_400_000;
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
export function readStatements(db, { site, visitorId, now }) {
  const ids = JSON.stringify([visitorId]);
  const since = now - 30 * DAY;
  // No key check: the route's check reads the site's key hashes once per isolate (store/keys.ts).
  const visitor = ['SELECT visitor_id, customer_id, first_seen, last_seen, events FROM visitors WHERE site = ? AND visitor_id = ?', [site, visitorId]];
  const event = `json_object('id', id, 'type', type, 'name', name, 'ts', ts, 'receivedAt', received_at, 'visitorId', visitor_id,
    'sessionId', session_id, 'seq', seq, 'url', url, 'path', path, 'props', json(props), 'source', source)`;
  const trend = [
    [`SELECT visitor_id, signal, half_life_ms, era, w, wx FROM score_state WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))`, [site, ids]],
    [`SELECT visitor_id, signal, half_life_ms, era, sum(w) AS w, sum(wx) AS wx FROM score_recent WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND day > ?3 GROUP BY visitor_id, signal, half_life_ms, era`, [site, ids, Math.floor(since / DAY)]],
    [`SELECT id, visitor_id, type, name, ts, props FROM events INDEXED BY events_visitor_time WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND ts > ?3 AND ts < ?4`, [site, ids, since, (Math.floor(since / DAY) + 1) * DAY]],
  ];
  const calls = {
    // routes/visitors.ts + store/journeys.ts: the visitor, the page built as JSON, the next key.
    journey: [
      visitor,
      [`SELECT json_group_array(json(e) ORDER BY ts, seq, id) AS events FROM (SELECT ${event} AS e, ts, seq, id FROM events INDEXED BY events_visitor_time WHERE site = ?1 AND visitor_id = ?2 ORDER BY ts, seq, id LIMIT ?3)`, [site, visitorId, 1000]],
      ['SELECT ts, seq, id FROM events INDEXED BY events_visitor_time WHERE site = ?1 AND visitor_id = ?2 ORDER BY ts, seq, id LIMIT 1 OFFSET ?3', [site, visitorId, 999]],
    ],
    // routes/conversations.ts + store/chatEvents.ts: the visitor and its chat events.
    conversations: [visitor, [`SELECT json_group_array(json(e) ORDER BY ts, seq, id) AS events FROM (SELECT ${event} AS e, ts, seq, id FROM events INDEXED BY events_chat WHERE site = ?1 AND visitor_id = ?2 AND type IN ${CHAT} ORDER BY ts, seq, id LIMIT ?3)`, [site, visitorId, 5000]]],
    // routes/scores.ts: visitor, model, trend inputs (score and at-risk), segment facts, cluster (an
    // anonymous visitor is its own person: no members read, store/subject.ts).
    score: [
      visitor,
      ['SELECT config FROM score_config WHERE site = ?', [site]],
      ...trend,
      [`SELECT visitor_id, v, ts FROM (SELECT visitor_id, v, ts, max(CASE WHEN typeof(v) != 'text' THEN ts END) OVER (PARTITION BY visitor_id) AS t0
         FROM (SELECT visitor_id, props->>'value' AS v, ts FROM events INDEXED BY events_visitor_answers WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2)) AND type = 'survey_answered' AND lower(props->>'questionType') = 'nps'))
       WHERE ts >= coalesce(t0, 0) ORDER BY ts DESC`, [site, ids]],
      [`SELECT j.value AS visitor_id, (SELECT count(*) FROM (SELECT DISTINCT session_id FROM events INDEXED BY events_visitor_time WHERE site = ?1 AND visitor_id = j.value LIMIT 2)) AS n FROM json_each(?2) j`, [site, ids]],
      [`SELECT j.value AS visitor_id,
         EXISTS (SELECT 1 FROM events e INDEXED BY events_visitor_newsletter WHERE e.site = ?1 AND e.visitor_id = j.value AND e.type IN ('newsletter_open', 'newsletter_click') AND (e.type = 'newsletter_click' OR e.props->>'class' = 'human')) AS read,
         EXISTS (SELECT 1 FROM events e INDEXED BY events_visitor_time WHERE e.site = ?1 AND e.visitor_id = j.value AND e.type = 'pageview') AS viewed
       FROM json_each(?2) j`, [site, ids]],
      ['SELECT visitor_id, cluster_id FROM cluster_membership WHERE site = ?1 AND visitor_id IN (SELECT value FROM json_each(?2))', [site, ids]],
      ['SELECT result FROM clusterings WHERE site = ?', [site]],
    ],
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
