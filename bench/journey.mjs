// The customer card's reads for one visitor with 5,000 events (score, first journey page of 1,000,
// conversations; every journey page), and export throughput, against a local `wrangler dev`
// (127.0.0.1 only, BENCH_FLOOR=1) with a throwaway D1. Each read is printed beside its floors measured
// in the same run: the same statements in better-sqlite3 on a copy of the same D1 file
// (bench/lib/readFloors.mjs) and the HTTP-only floor (GET /__bench/floor). Prints figures; asserts nothing.
//   npm run bench:journey [-- --export-events 100000 --runs 21]
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalCollector, wranglerEnv as env } from '../scripts/lib/localCollector.mjs';
import { benchArgs } from './lib/args.mjs';
import { copyD1, readStatements, runCall } from './lib/readFloors.mjs';
import { requireSqlite } from './lib/requireSqlite.mjs';

const args = benchArgs('npm run bench:journey -- [options]   journey + score read of one 5,000-event visitor, and export throughput', {
  'export-events': { type: 'number', default: 100_000, help: 'events seeded for the export run (0: no export run)' },
  runs: { type: 'number', default: 21, help: 'timed runs of each read (medians)' },
  profile: { type: 'boolean', default: false, help: "also print each floor statement's SQLite median and query plan" },
});
const RUNS = args.runs;
const Database = await requireSqlite();
const JOURNEY_EVENTS = 5_000;
const EXPORT_EVENTS = args['export-events'];
const READ = { authorization: 'Bearer demo-read-key' };

const persist = mkdtempSync(path.join(tmpdir(), 'hoptrail-bench-'));
execFileSync('node', ['scripts/prepare-dev-db.mjs', '--persist-to', persist], { env, stdio: 'ignore' });
// Export set, seeded with SQL before the server starts (the export reads events; score state is not needed).
const seedAt = Date.now();
const exportSeed = EXPORT_EVENTS > 0;
const sql = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${EXPORT_EVENTS} - 1)
  INSERT INTO events (site, id, visitor_id, session_id, seq, type, name, ts, client_ts, received_at, url, path, props, source, batch_id)
  SELECT 'demo', printf('seed-%08d', i), printf('seed-visitor-%04d', i % 2000), 'session-0001', i, 'pageview', NULL,
    ${seedAt - 86_400_000} + i, ${seedAt - 86_400_000} + i, ${seedAt}, 'https://shop.example/p', '/p',
    json_object('title', 'Page ' || i, 'utm', json_object('campaign', 'nov', 'source', 'news')), 'server', 'seed' FROM n;
  INSERT OR IGNORE INTO visitors (site, visitor_id, first_seen, last_seen, events)
  SELECT site, visitor_id, min(ts), max(ts), count(*) FROM events WHERE site = 'demo' AND batch_id = 'seed' GROUP BY visitor_id;`;
if (exportSeed) execFileSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to', persist, '--command', sql], { env, stdio: 'ignore' });
const collector = await startLocalCollector({ persist, vars: { BENCH_FLOOR: '1' } });
const load1 = os.loadavg()[0].toFixed(2);
const base = collector.url;
// Browser ingest filters bot user agents (Node's fetch says "node"): present a browser's.
const BROWSER = { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' };

try {
  // 5,000 events for one visitor through the API (so the score projection runs), in batches of 100.
  const now = Date.now();
  const kinds = [
    (i) => ({ type: 'pageview', url: `https://shop.example/p/${i % 50}`, props: { title: `Page ${i % 50}` } }),
    (i) => ({ type: 'vital', name: 'LCP', props: { value: 1000 + i, rating: i % 7 ? 'good' : 'poor' } }),
    (i) => ({ type: 'survey_answered', props: { surveyId: 'bench-nps', responseId: `bench-response-${i}`, channel: 'web', questionId: 'nps', questionType: 'nps', value: i % 11, completed: true } }),
    (i) => ({ type: 'event', name: i % 3 ? 'add_to_cart' : 'rage_click', props: { sku: `sku-${i}` } }),
  ];
  // A chat of four events in every hundred (the conversations call has something to derive).
  const chat = [
    (i) => ({ type: 'chat_started', props: { channel: 'crisp', conversationId: `conv-${Math.floor(i / 100)}` } }),
    (i) => ({ type: 'chat_message', props: { channel: 'crisp', conversationId: `conv-${Math.floor(i / 100)}`, from: 'visitor', length: 40 } }),
    (i) => ({ type: 'chat_message', props: { channel: 'crisp', conversationId: `conv-${Math.floor(i / 100)}`, from: 'agent', length: 80 } }),
    (i) => ({ type: 'chat_ended', props: { channel: 'crisp', conversationId: `conv-${Math.floor(i / 100)}`, resolved: true, rating: 1 + (i % 5) } }),
  ];
  const t0 = performance.now();
  for (let b = 0; b < JOURNEY_EVENTS / 100; b++) {
    const events = Array.from({ length: 100 }, (_, j) => {
      const i = b * 100 + j;
      const kind = j >= 96 ? chat[j - 96](i) : kinds[i % 4](i);
      return { id: `bench-${String(i).padStart(8, '0')}`, site: 'demo', visitorId: 'bench-visitor-1', sessionId: `session-${Math.floor(i / 50)}`, seq: i % 50, ts: now - 6 * 86_400_000 + i * 60_000, ...kind };
    });
    const res = await fetch(`${base}/v1/events`, { method: 'POST', headers: BROWSER, body: JSON.stringify({ events }) });
    if (!res.ok) throw new Error(`ingest ${res.status} ${await res.text()}`);
  }
  const ingestMs = performance.now() - t0;

  const visitorPath = `${base}/v1/sites/demo/visitors/bench-visitor-1`;
  const get = async (url, headers = READ) => {
    const t = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.json();
    if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t, body };
  };
  // The HTTP floor of a journey page: the same Worker answering the first page's own bytes (kept once,
  // replayed; padding of the same length compresses and parses far faster than the page's JSON).
  const pageText = await (await fetch(`${visitorPath}/journey?limit=1000`, { headers: READ })).text();
  await fetch(`${base}/__bench/floor?keep=1`, { method: 'POST', body: pageText });
  const times = { http: [], d1: [], httpPage: [], httpSame: [], score: [], journey: [], conversations: [], page: [], journeyAll: [] };
  let pageBytes = 0;
  let journeyCount = 0;
  let conversations = 0;
  for (let run = 0; run < RUNS + 1; run++) {
    // Run 0 warms the isolate (module load, JIT, caches) and is not counted.
    const keep = (name, ms) => run > 0 && times[name].push(ms);
    keep('http', (await get(`${base}/__bench/floor`, {})).ms);
    // What one D1 round trip adds here (an empty SELECT 1 before the same answer): the unit a read's steps cost.
    keep('d1', (await get(`${base}/__bench/floor?d1=1`, {})).ms);
    // The HTTP floor of a journey page: the same Worker answering as many bytes, parsed the same way.
    if (pageBytes) keep('httpPage', (await get(`${base}/__bench/floor?bytes=${pageBytes}`, {})).ms);
    keep('httpSame', (await get(`${base}/__bench/floor?replay=1`, {})).ms);
    const score = await get(`${visitorPath}/score`);
    keep('score', score.ms);
    if (run === 1) console.log(`score of the 5,000-event visitor: ${score.body.score} (${score.body.band}, confidence ${score.body.confidence}, trend ${score.body.trend?.change}, segments ${score.body.segments.join(' ')})`);
    const chats = await get(`${visitorPath}/conversations`);
    keep('conversations', chats.ms);
    conversations = chats.body.conversations.length;
    let cursor = '';
    let all = 0;
    journeyCount = 0;
    do {
      const page = await get(`${visitorPath}/journey?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      if (!cursor) keep('journey', page.ms);
      if (!cursor) pageBytes = JSON.stringify(page.body).length;
      keep('page', page.ms);
      all += page.ms;
      journeyCount += page.body.events.length;
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    keep('journeyAll', all);
  }

  // The SQLite floor: the same statements on a copy of the same D1 file, as many runs.
  const copy = copyD1(Database, collector.persist);
  const floor = { score: [], journey: [], conversations: [] };
  let missing = [];
  try {
    const { prepared, missing: absent } = await readStatements(copy.db, { site: 'demo', visitorId: 'bench-visitor-1', now: Date.now() });
    missing = absent;
    for (let run = 0; run < RUNS + 1; run++) for (const call of Object.keys(floor)) if (run > 0) floor[call].push(runCall(prepared[call]).ms);
      else runCall(prepared[call]);
    if (args.profile) for (const [call, list] of Object.entries(prepared)) for (const statement of list) profile(call, statement);
  } finally {
    copy.db.close();
    copy.cleanup();
  }
  const load2 = os.loadavg()[0].toFixed(2);

  function profile(call, [stmt, params]) {
    const ms = Array.from({ length: RUNS }, () => runCall([[stmt, params]]).ms).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
    const plan = copy.db.prepare(`EXPLAIN QUERY PLAN ${stmt.source}`).all(...params).map((r) => r.detail).join('; ');
    console.log(`  [${call}] ${ms.toFixed(2)} ms  ${stmt.source.replace(/\s+/g, ' ').slice(0, 90)}…\n      plan: ${plan}`);
  }

  const totalEvents = EXPORT_EVENTS + JOURNEY_EVENTS;

  const exportFigures = [];
  for (const format of exportSeed ? ['csv', 'ndjson'] : []) {
    const t = performance.now();
    const res = await fetch(`${base}/v1/sites/demo/exports/journeys?format=${format}`, { headers: READ });
    const reader = res.body.getReader();
    let bytes = 0;
    let newlines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) newlines++;
    }
    const seconds = (performance.now() - t) / 1000;
    exportFigures.push({ format, rows: format === 'csv' ? newlines - 1 : newlines, seconds, bytes });
  }

  const recomputeStart = performance.now();
  const recomputeOut = execFileSync('node', ['cli/hoptrail.mjs', 'score', 'recompute', '--api', base, '--site', 'demo', '--key', 'demo-write-key'], { env }).toString().trim();
  const recomputeMs = performance.now() - recomputeStart;

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (xs) => median(xs).toFixed(1);
  console.log(`ingest of ${JOURNEY_EVENTS} events (50 batches of 100, score projection on): ${ingestMs.toFixed(0)} ms, ${(JOURNEY_EVENTS / (ingestMs / 1000)).toFixed(0)} events/s`);
  console.log(`customer card reads of the 5,000-event visitor, medians of ${RUNS} runs; floors: SQLite (the same statements in better-sqlite3 on a copy of the D1 file) and HTTP (GET /__bench/floor, ${ms(times.http)} ms)`);
  const line = (label, xs, sqlite, http = times.http) => {
    const f = median(sqlite) + median(http);
    console.log(`  ${label.padEnd(44)} ${ms(xs).padStart(7)} ms   floor ${f.toFixed(1).padStart(6)} ms (SQLite ${ms(sqlite)} + HTTP ${ms(http)})   × ${(median(xs) / f).toFixed(1)}`);
  };
  line('score', times.score, floor.score);
  line('journey, first page of 1,000', times.journey, floor.journey, times.httpSame);
  line(`conversations (${conversations})`, times.conversations, floor.conversations);
  line(`journey, any page of 1,000 (${journeyCount} events)`, times.page, floor.journey, times.httpSame);
  console.log(`  (a journey page's HTTP floor answers the first page's own ${(pageText.length / 1000).toFixed(0)} kB: ${ms(times.httpSame)} ms; as padding of that length ${ms(times.httpPage)} ms; the others' answers are small)`);
  console.log(`  one empty D1 round trip (GET /__bench/floor?d1=1 minus the HTTP floor): ${(median(times.d1) - median(times.http)).toFixed(1)} ms; D1 steps one after another: journey page 1, conversations 1, score 1`);
  console.log(`  journey, all ${Math.ceil(journeyCount / 1000)} pages: ${ms(times.journeyAll)} ms`);
  if (missing.length) console.log(`  SQLite floor left out (schema lacks them): ${missing.join('; ')}`);
  console.log(`  1-minute load average ${load1} → ${load2} (${os.cpus().length} cores)`);
  for (const f of exportFigures) {
    console.log(`export ${f.format}: ${f.rows} events in ${f.seconds.toFixed(2)} s = ${(f.rows / f.seconds).toFixed(0)} events/s, ${(f.bytes / 1e6).toFixed(1)} MB`);
  }
  console.log(`score:recompute over ${totalEvents} events: ${recomputeOut} (CLI total ${recomputeMs.toFixed(0)} ms)`);
} catch (err) {
  console.error(`bench failed: ${err}`);
  process.exitCode = 1;
} finally {
  collector.stop();
  collector.cleanup();
}
