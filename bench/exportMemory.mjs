// node bench/exportMemory.mjs --persist DIR — where an export's memory goes, on a database seeded by
// bench:dashboard (`npm run bench:dashboard -- --visitors 10000 --events 500000 --persist DIR --runs 1 --skip-snapshot`).
// Each export is read by a fast client and by a slow one; meanwhile the Worker's workerd (the one with
// the D1 file open: Worker and local D1 in one process) is sampled: resident set split into anonymous
// (V8 heaps + SQLite's page cache) and file-backed, and the Worker isolate's V8 heap (devtools). The
// floor: the same rows read by SQLite alone (`wrangler d1 execute`, its own workerd), sampled the same way.
// An export that ran ahead of a slow client would grow the Worker's heap; a page cache grows with the
// pages read, whoever reads them, and stops growing once they are all cached.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { startLocalCollector, wranglerEnv } from '../scripts/lib/localCollector.mjs';
import { benchArgs } from './lib/args.mjs';
import { holdsD1, rss, workerHeap, workerdPids } from './lib/workerdMemory.mjs';

const args = benchArgs("node bench/exportMemory.mjs --persist DIR   where an export's memory goes: the Worker, the local D1, wrangler's proxy", {
  persist: { type: 'string', help: 'a directory seeded by bench:dashboard --persist (required)' },
  seconds: { type: 'number', default: 60, help: 'cut each export after this long' },
  'slow-kbps': { type: 'number', default: 100, help: "the slow client's reading rate, KB/s" },
  devtools: {
    type: 'string',
    default: 'quiet',
    help: "none: no devtools client (wrangler's proxy keeps every Network event); quiet: one attached that sends Network.disable and reads the Worker's V8 heap",
  },
});
if (!args.persist) {
  console.error('--persist DIR is required (a database seeded by bench:dashboard)');
  process.exit(2);
}
const READ = { authorization: 'Bearer demo-read-key' };
const f0 = (x) => x.toFixed(0);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const collector = await startLocalCollector({ persist: args.persist, vars: { RATE_LIMIT_SITE_PER_MINUTE: '10000000' } });
let devtools;
try {
  if (args.devtools !== 'none') devtools = await workerHeap(collector.inspectorPort, collector.url, { quiet: true });
  // The first D1 read opens the file, which names the Worker's workerd.
  await (await fetch(`${collector.url}/v1/sites/demo/visitors?limit=1`, { headers: READ })).arrayBuffer();
  const pids = workerdPids(collector.pid);
  const pid = pids.find(holdsD1);
  if (!pid) throw new Error('no workerd has the D1 file open');
  // The other workerd runs wrangler's proxy and devtools-proxy Workers (no D1, no collector code).
  const proxyPid = pids.find((p) => p !== pid);
  console.log(`Worker's workerd pid ${pid}, wrangler's proxy workerd pid ${proxyPid}; devtools ${args.devtools}; load average ${load()}`);
  const noHeap = { used: NaN, total: NaN };
  const snapshot = async (gc) => ({ ...rss(pid), proxy: proxyPid ? rss(proxyPid) : { rss: NaN }, heap: devtools ? await devtools.heap({ gc }) : noHeap });
  const line = (label, s) =>
    `${label} Worker's workerd RSS ${f0(s.rss)} MB (anon ${f0(s.anon)}, file ${f0(s.file)}), Worker V8 heap ${s.heap.used.toFixed(1)} MB; proxy workerd RSS ${f0(s.proxy.rss)} MB`;
  console.log(line('at start:', await snapshot(true)));

  const journeys = '/v1/sites/demo/exports/journeys?format=ndjson';
  const runs = [
    ['journeys NDJSON, whole site, fast client', journeys, Infinity],
    ['the same again, fast client (a cache stops growing, a leak does not)', journeys, Infinity],
    [`the same, slow client (${args['slow-kbps']} KB/s)`, journeys, args['slow-kbps'] * 1024],
    ['visitors CSV, unfiltered, fast client', '/v1/sites/demo/exports/visitors?format=csv', Infinity],
    [`visitors CSV, unfiltered, slow client (${args['slow-kbps']} KB/s)`, '/v1/sites/demo/exports/visitors?format=csv', args['slow-kbps'] * 1024],
  ];
  for (const [label, path, rate] of runs) {
    const before = await snapshot(true);
    const events = devtools?.networkEvents() ?? NaN;
    // Resident memory every 250 ms; the V8 heap as often as the isolate answers while the export runs
    // (no nudging requests during an export: they would be measured too).
    const samples = [];
    const sampler = setInterval(() => samples.push({ ...rss(pid), proxy: proxyPid ? rss(proxyPid) : { rss: NaN } }), 250);
    let sampling = true;
    let heapMax = NaN;
    const heapSampler = (async () => {
      while (sampling && devtools) {
        const h = await Promise.race([devtools.heap({ nudge: false }), new Promise((r) => setTimeout(r, 1000))]);
        if (h) heapMax = Math.max(h.used, Number.isNaN(heapMax) ? 0 : heapMax);
      }
    })();
    const r = await read(collector.url + path, rate, args.seconds * 1000);
    clearInterval(sampler);
    sampling = false;
    await heapSampler;
    const after = await snapshot(true);
    const max = (k) => (k === 'heap' ? heapMax : Math.max(...samples.map((s) => (k === 'proxy' ? s.proxy.rss : s[k]))));
    console.log(
      `\n${label}: ${r.lines} lines, ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s${r.cut ? ' (cut)' : ''}\n` +
        `  ${line('before:', before)}\n` +
        `  during (max of ${samples.length}): Worker's workerd RSS ${f0(max('rss'))} MB (anon ${f0(max('anon'))}, file ${f0(max('file'))}), V8 heap used ${max('heap').toFixed(1)} MB; proxy workerd ${f0(max('proxy'))} MB\n` +
        `  ${line('after (GC):', after)}\n` +
        `  growth: Worker's workerd RSS ${f0(after.rss - before.rss)} MB (anon ${f0(after.anon - before.anon)}), Worker V8 heap ${(after.heap.used - before.heap.used).toFixed(1)} MB, proxy workerd ${f0(after.proxy.rss - before.proxy.rss)} MB; Network events ${(devtools?.networkEvents() ?? NaN) - events}; load ${load()}`,
    );
  }

  // The floor: SQLite alone reading the same rows in its own workerd (no Worker code, no HTTP).
  const scan = `SELECT count(*) AS n, sum(length(props)) AS props FROM events WHERE site = 'demo'`;
  const floor = await sampledD1(args.persist, scan);
  console.log(`\nSQLite alone (wrangler d1 execute, its own workerd): "${scan}" → ${floor.result}; its workerd RSS peak ${f0(floor.peak.rss)} MB (anon ${f0(floor.peak.anon)}, file ${f0(floor.peak.file)}) in ${(floor.ms / 1000).toFixed(1)} s`);
} finally {
  devtools?.close();
  collector.stop();
}


/** GET a stream at most `rate` bytes/s (pausing the socket: TCP backpressure), cut after `limitMs`. */
function read(url, rate, limitMs) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    let bytes = 0;
    let lines = 0;
    let cut = false;
    const req = http.get(url, { headers: READ }, (res) => {
      const timer = setTimeout(() => {
        cut = true;
        req.destroy();
        done();
      }, limitMs);
      const done = () => {
        clearTimeout(timer);
        resolve({ bytes, lines, ms: performance.now() - t, cut });
      };
      res.on('data', (chunk) => {
        bytes += chunk.length;
        for (const b of chunk) if (b === 10) lines++;
        const ahead = bytes / rate - (performance.now() - t) / 1000;
        if (ahead > 0) {
          res.pause();
          setTimeout(() => res.resume(), ahead * 1000);
        }
      });
      res.on('end', done);
      res.on('error', (err) => (cut ? undefined : reject(err)));
    });
    req.on('error', (err) => (cut ? undefined : reject(err)));
  });
}

/** Runs one query with `wrangler d1 execute --local`, sampling its workerd's RSS. */
function sampledD1(persist, sql) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to', persist, '--json', '--command', sql], { env: wranglerEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const peak = { rss: 0, anon: 0, file: 0 };
    const sampler = setInterval(() => {
      for (const p of workerdPids(child.pid)) {
        try {
          const m = rss(p);
          if (m.rss > peak.rss) Object.assign(peak, m);
        } catch {}
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(sampler);
      if (code) return reject(new Error(`wrangler d1 execute exited ${code}: ${out}`));
      resolve({ result: JSON.stringify(JSON.parse(out)[0].results[0]), peak, ms: performance.now() - t });
    });
  });
}
