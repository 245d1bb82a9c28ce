// npm run bench:dashboard — the API calls behind each dashboard view, timed against a local collector
// (wrangler dev, local D1) seeded with the dashboard seed (100,000 visitors, ~5,000,000 events), then
// the dashboard itself loaded in headless Chromium. Prints figures; asserts nothing.
//   node bench/dashboard.mjs [--visitors 100000] [--events 5000000] [--runs 7] [--persist DIR (reuse a seeded state)]
// The visitors' browser events go straight into the local D1 file through the collector's own ingest()
// (bench/lib/seedD1File.mjs; minutes, not hours); tickets and the newsletter then through the API.
// With --persist DIR the seeded database is kept in DIR; a second run with the same DIR skips seeding.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalCollector, wranglerEnv } from '../scripts/lib/localCollector.mjs';
import { benchArgs } from './lib/args.mjs';
import { seedExtras, seedPlan, seedVisitors } from './lib/dashboardSeed.mjs';
import { d1File, d1FileStore } from './lib/seedD1File.mjs';
import { storeFloor } from './lib/storeFloor.mjs';
import { holdsD1, rss, workerHeap, workerdPids } from './lib/workerdMemory.mjs';

const args = benchArgs('npm run bench:dashboard -- [options]   the API calls behind each dashboard view, on a seeded local collector', {
  visitors: { type: 'number', default: 100_000, help: 'visitors to seed' },
  events: { type: 'number', default: 5_000_000, help: 'events to seed (about)' },
  runs: { type: 'number', default: 7, help: 'runs per API call (the median is printed)' },
  persist: { type: 'string', help: 'keep the seeded database in this directory; a second run reuses it' },
  'skip-snapshot': { type: 'boolean', help: "skip the segment snapshot after seeding (the daily cron's job; minutes at 100,000 visitors)" },
});
const VISITORS = args.visitors;
const EVENTS = args.events;
const RUNS = args.runs;
const persistArg = args.persist;
const READ = { authorization: 'Bearer demo-read-key' };

const persist = persistArg ?? mkdtempSync(path.join(tmpdir(), 'hoptrail-bench-dash-d1-'));
const seeded = existsSync(`${persist}/.seeded`);
mkdirSync(persist, { recursive: true });
// Idempotent: applies any newer migration to a kept database too.
execFileSync('node', ['scripts/prepare-dev-db.mjs', '--persist-to', persist], { env: wranglerEnv, stdio: 'ignore' });
const plan = seedPlan({ visitors: VISITORS, events: EVENTS });
// Two marks: the visitors' events are in the file (a run stopped after that resumes with the API part).
if (!seeded && !existsSync(`${persist}/.seeded-visitors`)) {
  // Before wrangler dev opens the file: one writer at a time.
  console.log(`seeding ${VISITORS} visitors / ~${EVENTS} events into the local D1 file through the collector's ingest()…`);
  const file = await d1FileStore(persist);
  const s = await seedVisitors({ plan, store: file.store, log: (l) => console.log(l), concurrency: 1 });
  file.close();
  const mb = statSync(d1File(persist)).size / 1e6;
  console.log(`seeded in ${s.seconds.toFixed(0)} s (${Math.round(s.sent / s.seconds)} events/s, ${s.stored} stored), database ${mb.toFixed(0)} MB`);
  writeFileSync(`${persist}/.seeded-visitors`, new Date().toISOString());
}
const collector = await startLocalCollector({ persist, vars: { RATE_LIMIT_SITE_PER_MINUTE: '10000000' } });
const api = collector.url;
/** The devtools session of the exports part (exportRun reads the Worker's V8 heap through it). */
let exportDevtools;
/** An export still streaming after this long is cut (exportRun). */
const EXPORT_SECONDS = 90;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * GET through wrangler dev, retried once if no answer comes within 60 s. After a long request (the
 * 13 s snapshot) following heavy ingest, wrangler 4.86's dev proxy sometimes never forwards the next
 * request until the client gives up (its pooled connection to the Worker idled out; see
 * cloudflare/workers-sdk#14641). The Worker is not involved; the retry is counted and printed.
 */
let devProxyRetries = 0;
async function get(path) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(api + path, { headers: READ, signal: AbortSignal.timeout(60_000) });
    } catch (err) {
      if (attempt || err.name !== 'TimeoutError') throw err;
      devProxyRetries++;
    }
  }
}

async function timed(path) {
  const times = [];
  let bytes = 0;
  let status = 0;
  while (times.length < RUNS) {
    const retries = devProxyRetries;
    const t = performance.now();
    const res = await get(path);
    bytes = (await res.arrayBuffer()).byteLength;
    status = res.status;
    // A run the dev proxy stalled measures wrangler, not the collector: run it again.
    if (devProxyRetries === retries) times.push(performance.now() - t);
  }
  return { path, status, bytes, median: median(times), max: Math.max(...times) };
}

try {
  if (!seeded) {
    const t = performance.now();
    await seedExtras({ plan, api, log: (l) => console.log(l) });
    console.log(`  through the API in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    writeFileSync(`${persist}/.seeded`, new Date().toISOString());
  }
  if (!seeded && args['skip-snapshot']) console.log('segment snapshot skipped (--skip-snapshot): the Segments view has no point for today');
  if (!seeded && !args['skip-snapshot']) {
    // The daily cron takes segment snapshots; take today's now so the Segments view has a point.
    const snapshotStart = performance.now();
    const snapshot = await fetch(`${api}/v1/sites/demo/segments/snapshots`, { method: 'POST', headers: { authorization: 'Bearer demo-write-key' } });
    await snapshot.arrayBuffer();
    console.log(`segment snapshot (the daily cron's job): ${snapshot.status} in ${(performance.now() - snapshotStart).toFixed(0)} ms`);
  }
  // The first read scores every person changed since their stored score (all of them after seeding;
  // the per-minute cron's job on a deployed site, see collector/src/store/people.ts).
  const firstStart = performance.now();
  const overview = await (await get('/v1/sites/demo/overview')).json();
  console.log(`first overview, scoring every changed person (${overview.happyIndex.people} people): ${(performance.now() - firstStart).toFixed(0)} ms`);
  const events = JSON.stringify({ visitors: overview.visitors, customers: overview.customers });

  // A customer with a long journey, and a survey, for the card and the survey views.
  const top = await (await get('/v1/sites/demo/visitors?sort=events&limit=50')).json();
  const customer = top.visitors.find((v) => v.customerId)?.customerId;
  const id = encodeURIComponent(customer);
  const now = Date.now();
  const from = now - 30 * 86_400_000;

  // The calls each view makes (dashboard/views/*.js), fired in parallel within a view.
  const views = {
    'Overview (last 30 days)': [`/v1/sites/demo/overview?from=${from}&to=${now}`, '/v1/sites/demo/newsletters'],
    'Visitors table': [
      '/v1/sites/demo/segments',
      '/v1/sites/demo/visitors?limit=25',
      '/v1/sites/demo/visitors?limit=25&sort=score',
      '/v1/sites/demo/visitors?limit=25&sort=events',
      '/v1/sites/demo/visitors?limit=25&q=customer-0012',
      '/v1/sites/demo/visitors?limit=25&segment=at-risk',
      '/v1/sites/demo/visitors?limit=25&segment=nps-detractors',
    ],
    'Customer card': [`/v1/sites/demo/customers/${id}`, `/v1/sites/demo/customers/${id}/score`, `/v1/sites/demo/customers/${id}/journey?limit=1000`],
    Surveys: ['/v1/sites/demo/surveys', '/v1/sites/demo/surveys/home-nps/results', '/v1/sites/demo/surveys/product-csat/results', '/v1/sites/demo/surveys/support-ces/results'],
    Segments: ['/v1/sites/demo/segments', '/v1/sites/demo/segments/history'],
    'Newsletter report': ['/v1/sites/demo/newsletters/autumn-sale'],
  };
  console.log(`\nAPI timings (median of ${RUNS}, ms) (overview says ${events}); customer ${customer}`);
  for (const [view, paths] of Object.entries(views)) {
    const results = [];
    for (const path of paths) results.push(await timed(path));
    // The dashboard fires a view's calls in parallel: the view waits for the slowest.
    console.log(`${view}: slowest call ${Math.max(...results.map((r) => r.median)).toFixed(0)} ms`);
    for (const r of results) {
      console.log(`  ${r.median.toFixed(1).padStart(8)}  (max ${r.max.toFixed(0).padStart(5)})  ${String(r.status)}  ${(r.bytes / 1024).toFixed(1).padStart(7)} KB  ${r.path}`);
    }
  }
  // The floor: the same store functions straight on the D1 file (no workerd, no D1 bridge, no HTTP).
  console.log(`\nSQLite floor: the same store functions on the D1 file in better-sqlite3 (median of 3, ms)`);
  for (const [label, ms] of Object.entries(await storeFloor(d1File(persist)))) console.log(`  ${ms.toFixed(1).padStart(8)}  ${label}`);

  // Exports stream page by page: workerd's resident memory, sampled while each streams, should stay flat.
  // A devtools client that turns the Network domain off first: wrangler's devtools proxy otherwise keeps
  // every local D1 answer (each is a subrequest) in its own workerd, which would be measured as the export's.
  exportDevtools = await workerHeap(collector.inspectorPort, api, { quiet: true }).catch((err) => console.log(`no devtools client (${err.message}): wrangler's proxy keeps every D1 answer meanwhile`));
  await exportRun('visitors CSV of nps-detractors (walks every visitor)', '/v1/sites/demo/exports/visitors?format=csv&segment=nps-detractors');
  await exportRun('visitors CSV, unfiltered', '/v1/sites/demo/exports/visitors?format=csv');
  await exportRun('journeys NDJSON, the last 6 hours', `/v1/sites/demo/exports/journeys?format=ndjson&from=${now - 6 * 3_600_000}&to=${now}`);

  exportDevtools?.close();
  await browserLoad(api, customer);
  if (devProxyRetries) console.log(`wrangler dev's proxy stalled ${devProxyRetries} request(s); each was retried after 60 s and left out of the figures`);
} catch (err) {
  console.error(`bench failed: ${err.stack ?? err}${err.cause ? `\ncause: ${err.cause.stack ?? err.cause}` : ''}`);
  console.error(`wrangler dev said (last 40 lines):\n${collector.output().trim().split('\n').slice(-40).join('\n')}`);
  process.exitCode = 1;
} finally {
  collector.stop();
  if (!persistArg) rmSync(persist, { recursive: true, force: true });
}

/**
 * One export read as a stream (nothing kept), with workerd's RSS sampled every 250 ms meanwhile; a
 * stream still running after EXPORT_SECONDS is cut there (its rate and memory so far are the figures).
 */
async function exportRun(label, path) {
  const before = collector.workerdKb();
  // The Worker's own workerd (Worker and local D1 together: the one with the D1 file open) split into
  // anonymous memory (V8 heaps, SQLite's page cache) and file-backed pages; the Worker's V8 heap after a
  // full GC (what the Worker itself still holds); wrangler's proxy workerd apart.
  const pids = workerdPids(collector.pid);
  const pid = pids.find(holdsD1);
  const proxyPid = pids.find((p) => p !== pid);
  const heapBefore = await exportDevtools?.heap({ gc: true });
  const ownBefore = pid ? rss(pid) : null;
  const proxyBefore = proxyPid ? rss(proxyPid) : null;
  const samples = [];
  const ownSamples = [];
  const sampler = setInterval(() => {
    samples.push(collector.workerdKb());
    if (pid) ownSamples.push(rss(pid));
  }, 250);
  const t = performance.now();
  let firstByte = 0;
  let bytes = 0;
  let lines = 0;
  let cut = false;
  try {
    // No timeout here (a whole-site export runs for minutes); a connection the dev proxy drops before
    // answering (see get()) is retried once and counted.
    // The cut is a timer: a stream may go a long while without a byte (pages with no member).
    const stop = new AbortController();
    const timer = setTimeout(() => ((cut = true), stop.abort()), EXPORT_SECONDS * 1000);
    try {
      let res;
      try {
        res = await fetch(api + path, { headers: READ, signal: stop.signal });
      } catch (err) {
        if (cut) throw err;
        devProxyRetries++;
        res = await fetch(api + path, { headers: READ, signal: stop.signal });
      }
      for await (const chunk of res.body) {
        firstByte ||= performance.now() - t;
        bytes += chunk.byteLength;
        for (const b of chunk) if (b === 10) lines++;
      }
    } catch (err) {
      if (!cut) throw err;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - t;
  const mb = (kb) => (kb / 1024).toFixed(0);
  const sorted = samples.filter(Number.isFinite).sort((a, b) => a - b);
  console.log(
    `Export, ${label}: ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s${cut ? ` (cut at ${EXPORT_SECONDS} s)` : ''}, ${Math.round(lines / (ms / 1000))} lines/s (first byte ${firstByte.toFixed(0)} ms); ` +
      `workerd RSS before ${mb(before)} MB, during min/median/max ${mb(sorted[0] ?? NaN)}/${mb(sorted[Math.floor(sorted.length / 2)] ?? NaN)}/${mb(sorted.at(-1) ?? NaN)} MB, after ${mb(collector.workerdKb())} MB (${sorted.length} samples)`,
  );
  const heapAfter = await exportDevtools?.heap({ gc: true });
  if (!pid || !ownBefore) return;
  const own = rss(pid);
  const maxOf = (k) => Math.max(...ownSamples.map((x) => x[k])).toFixed(0);
  const heap = heapBefore && heapAfter ? `; its V8 heap after GC ${heapBefore.used.toFixed(1)} → ${heapAfter.used.toFixed(1)} MB` : '';
  const proxy = proxyPid && proxyBefore ? `; wrangler's proxy workerd ${proxyBefore.rss.toFixed(0)} → ${rss(proxyPid).rss.toFixed(0)} MB` : '';
  console.log(
    `  the Worker's workerd (Worker + local D1) before → max → after: anonymous ${ownBefore.anon.toFixed(0)} → ${maxOf('anon')} → ${own.anon.toFixed(0)} MB, file-backed ${ownBefore.file.toFixed(0)} → ${maxOf('file')} → ${own.file.toFixed(0)} MB${heap}${proxy}`,
  );
}

/** Time from navigation to the overview's figures on screen, and to a customer card, in Chromium. */
async function browserLoad(api, customer) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return console.log('playwright-core missing: browser timing skipped');
  }
  if (!existsSync('/usr/bin/chromium')) return console.log('no /usr/bin/chromium: browser timing skipped (apt-get install -y chromium)');
  const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const context = await chromium.launchPersistentContext(mkdtempSync(`${tmpdir()}/hoptrail-bench-dash-`), { executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    const page = await context.newPage();
    await page.goto(`${api}/dashboard/`);
    await page.evaluate(() => sessionStorage.clear());
    await page.evaluate(() => sessionStorage.setItem('hoptrail_dashboard', JSON.stringify({ site: 'demo', key: 'demo-read-key' })));
    await load(page, `${api}/dashboard/#/overview`, '[data-testid=top-pages] tbody tr', 'overview');
    await load(page, `${api}/dashboard/#/customers/${encodeURIComponent(customer)}`, '.timeline li.event', 'customer card');
  } catch (err) {
    console.log(`browser timing failed: ${err.message}`);
  } finally {
    await context.close();
  }
}

/**
 * Five full loads of one view (from about:blank, so nothing is warm in the page). The page's own clock
 * says when the view was on screen: the dashboard marks `hoptrail:view-ready` after rendering, measured
 * from navigation start. The wall time around page.goto adds Chromium's and the driver's own overhead.
 */
async function load(page, url, selector, label) {
  const marks = [];
  const walls = [];
  for (let run = 0; run < 5; run++) {
    await page.goto('about:blank');
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    // rAF polling: the default waitForSelector backs off to 500 ms between checks, which would be timed too.
    await page.waitForFunction((sel) => document.querySelector(sel) && performance.getEntriesByName('hoptrail:view-ready').length, selector, { polling: 'raf', timeout: 30_000 });
    walls.push(performance.now() - t0);
    marks.push(await page.evaluate(() => performance.getEntriesByName('hoptrail:view-ready')[0].startTime));
  }
  console.log(`Dashboard in Chromium, ${label}: on screen ${median(marks).toFixed(0)} ms after navigation start (page clock), ${median(walls).toFixed(0)} ms wall incl. browser (medians of 5)`);
}
