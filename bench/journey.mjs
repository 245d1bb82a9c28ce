// Journey + score read for one visitor with 5,000 events, and export throughput, against a local
// `wrangler dev` (127.0.0.1 only) with a throwaway D1. Prints figures; asserts nothing.
//   npm run bench:journey [-- --export-events 100000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalCollector, wranglerEnv as env } from '../scripts/lib/localCollector.mjs';
import { benchArgs } from './lib/args.mjs';

const args = benchArgs('npm run bench:journey -- [options]   journey + score read of one 5,000-event visitor, and export throughput', {
  'export-events': { type: 'number', default: 100_000, help: 'events seeded for the export run' },
});
const JOURNEY_EVENTS = 5_000;
const EXPORT_EVENTS = args['export-events'];
const READ = { authorization: 'Bearer demo-read-key' };

const persist = mkdtempSync(path.join(tmpdir(), 'hoptrail-bench-'));
execFileSync('node', ['scripts/prepare-dev-db.mjs', '--persist-to', persist], { env, stdio: 'ignore' });
// Export set, seeded with SQL before the server starts (the export reads events; score state is not needed).
const seedAt = Date.now();
const sql = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${EXPORT_EVENTS} - 1)
  INSERT INTO events (site, id, visitor_id, session_id, seq, type, name, ts, client_ts, received_at, url, path, props, source, batch_id)
  SELECT 'demo', printf('seed-%08d', i), printf('seed-visitor-%04d', i % 2000), 'session-0001', i, 'pageview', NULL,
    ${seedAt - 86_400_000} + i, ${seedAt - 86_400_000} + i, ${seedAt}, 'https://shop.example/p', '/p',
    json_object('title', 'Page ' || i, 'utm', json_object('campaign', 'nov', 'source', 'news')), 'server', 'seed' FROM n;
  INSERT OR IGNORE INTO visitors (site, visitor_id, first_seen, last_seen, events)
  SELECT site, visitor_id, min(ts), max(ts), count(*) FROM events WHERE site = 'demo' AND batch_id = 'seed' GROUP BY visitor_id;`;
execFileSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to', persist, '--command', sql], { env, stdio: 'ignore' });
const collector = await startLocalCollector({ persist });
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
  const t0 = performance.now();
  for (let b = 0; b < JOURNEY_EVENTS / 100; b++) {
    const events = Array.from({ length: 100 }, (_, j) => {
      const i = b * 100 + j;
      return { id: `bench-${String(i).padStart(8, '0')}`, site: 'demo', visitorId: 'bench-visitor-1', sessionId: `session-${Math.floor(i / 50)}`, seq: i % 50, ts: now - 6 * 86_400_000 + i * 60_000, ...kinds[i % 4](i) };
    });
    const res = await fetch(`${base}/v1/events`, { method: 'POST', headers: BROWSER, body: JSON.stringify({ events }) });
    if (!res.ok) throw new Error(`ingest ${res.status} ${await res.text()}`);
  }
  const ingestMs = performance.now() - t0;

  const journeyTimes = [];
  const scoreTimes = [];
  let journeyCount = 0;
  for (let run = 0; run < 10; run++) {
    let t = performance.now();
    let cursor = '';
    journeyCount = 0;
    do {
      const res = await fetch(`${base}/v1/sites/demo/visitors/bench-visitor-1/journey?limit=1000&cursor=${cursor}`, { headers: READ });
      const body = await res.json();
      journeyCount += body.events.length;
      cursor = body.nextCursor ?? '';
    } while (cursor);
    journeyTimes.push(performance.now() - t);
    t = performance.now();
    const score = await (await fetch(`${base}/v1/sites/demo/visitors/bench-visitor-1/score`, { headers: READ })).json();
    scoreTimes.push(performance.now() - t);
    if (run === 0) console.log(`score of the 5,000-event visitor: ${score.score} (${score.band}, confidence ${score.confidence}, trend ${score.trend?.change})`);
  }

  const totalEvents = EXPORT_EVENTS + JOURNEY_EVENTS;

  const exportFigures = [];
  for (const format of ['csv', 'ndjson']) {
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
  console.log(`ingest of ${JOURNEY_EVENTS} events (50 batches of 100, score projection on): ${ingestMs.toFixed(0)} ms, ${(JOURNEY_EVENTS / (ingestMs / 1000)).toFixed(0)} events/s`);
  console.log(`journey read, ${journeyCount} events in pages of 1,000: median ${median(journeyTimes).toFixed(1)} ms (10 runs)`);
  console.log(`score read (state + 30-day trend over the visitor's events): median ${median(scoreTimes).toFixed(1)} ms (10 runs)`);
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
