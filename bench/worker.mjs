// The Worker's weight: the bundle `wrangler deploy` would upload (raw and gzip bytes) and its cold start,
// beside the same for a Worker that only answers "ok" (the floor), measured in the same run.
// - cold start: a new workerd → the first response, the way a user meets a cold isolate.
// - the script's cost per isolate: one workerd holding `--copies` isolates of the script, each answering
//   once, minus the same for the floor, divided by the copies. workerd compiles every module of a
//   Worker when it starts (imported or not) and evaluates the main module, so this is parsing, top-level
//   evaluation (building the app and its schemas) and the first request, without the process start that
//   dominates (and blurs) a single start on a busy machine. Printed as workerd's CPU time (user + system,
//   from /proc on Linux), which a busy machine blurs far less than wall-clock time, and as wall time.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { benchArgs } from './lib/args.mjs';
import { wrangler } from '../cli/lib/wrangler.mjs';

const { rounds, copies, unimported } = benchArgs('npm run bench:worker -- [options]   bundle size and cold start of the collector Worker', {
  rounds: { type: 'number', default: 7, help: 'workerd starts per script and measure (the median is printed)' },
  copies: { type: 'number', default: 8, help: 'isolates of the script in one workerd for the per-isolate cost' },
  unimported: { type: 'boolean', default: false, help: 'also: the floor Worker with the bundle as a second module it never imports (what splitting a Worker into modules would still cost)' },
});

const COMPATIBILITY_DATE = /compatibility_date = "([\d-]+)"/.exec(readFileSync('wrangler.toml', 'utf8'))[1];
const scratch = mkdtempSync(path.join(tmpdir(), 'hoptrail-bench-worker-'));
try {
  // wrangler checks the assets directory exists; the bundle does not depend on what is in it.
  if (!existsSync('.build/assets')) mkdirSync('.build/assets', { recursive: true });
  wrangler(['deploy', '--dry-run', '--env', '', '--outdir', scratch], { offline: true });
  const bundlePath = path.join(scratch, 'index.js');
  const bundle = readFileSync(bundlePath);
  const floorPath = path.join(scratch, 'floor.js');
  writeFileSync(floorPath, 'export default { fetch() { return new Response("ok"); } };\n');

  const script = (scriptPath) => ({ modules: true, scriptPath, modulesRoot: path.dirname(scriptPath) });
  const floorWithBundle = {
    modulesRoot: scratch,
    modules: [
      { type: 'ESModule', path: floorPath, contents: readFileSync(floorPath, 'utf8') },
      { type: 'ESModule', path: bundlePath, contents: bundle.toString('utf8') },
    ],
  };

  /** CPU milliseconds (user + system) of the workerd processes this one started; null off Linux. */
  function workerdCpuMs() {
    if (!existsSync('/proc/self/stat')) return null;
    let ticks = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' '); // from field 3 (state) on
      if (Number(fields[1]) === process.pid && stat.slice(stat.indexOf('(') + 1, close).includes('workerd')) ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  }

  /** Milliseconds (wall, and workerd's CPU) from a new workerd with `n` isolates of the Worker to the first response of each. */
  async function coldStart(worker, url, n) {
    if (typeof worker === 'string') worker = script(worker);
    const started = performance.now();
    const mf = new Miniflare({
      workers: Array.from({ length: n }, (_, i) => ({
        name: `w${i}`,
        ...worker,
        compatibilityDate: COMPATIBILITY_DATE,
        d1Databases: ['DB'],
        bindings: { ENVIRONMENT: 'bench' },
      })),
    });
    try {
      for (let i = 0; i < n; i++) {
        const res = await (await mf.getWorker(`w${i}`)).fetch(url);
        await res.arrayBuffer();
      }
      return { wall: performance.now() - started, cpu: workerdCpuMs() };
    } finally {
      await mf.dispose();
    }
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // A route that touches no storage: the cost measured is the script's, not D1's.
  const ours = 'http://bench/v1/no-such-route';
  const one = { floor: [], worker: [] };
  const perIsolate = { wall: [], cpu: [] };
  const unimportedCost = { wall: [], cpu: [] };
  const less = (a, b, into) => {
    into.wall.push((a.wall - b.wall) / copies);
    if (a.cpu !== null) into.cpu.push((a.cpu - b.cpu) / copies);
  };
  await coldStart(floorPath, 'http://bench/', 1); // warms the OS file cache for workerd itself
  for (let i = 0; i < rounds; i++) {
    one.floor.push((await coldStart(floorPath, 'http://bench/', 1)).wall);
    one.worker.push((await coldStart(bundlePath, ours, 1)).wall);
    const floorN = await coldStart(floorPath, 'http://bench/', copies);
    less(await coldStart(bundlePath, ours, copies), floorN, perIsolate);
    if (unimported) less(await coldStart(floorWithBundle, 'http://bench/', copies), floorN, unimportedCost);
  }
  const cost = (m) => (m.cpu.length ? `${median(m.cpu).toFixed(0)} ms CPU, ${median(m.wall).toFixed(0)} ms wall` : `${median(m.wall).toFixed(0)} ms wall`);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`bundle          ${kib(bundle.length)} raw, ${kib(gzipSync(bundle, { level: 9 }).length)} gzip (wrangler deploy --dry-run, as uploaded)`);
  console.log(`cold start      ${median(one.worker).toFixed(0)} ms median to the first response (${rounds} workerd starts)`);
  console.log(`floor           ${median(one.floor).toFixed(0)} ms median for a Worker that answers "ok"`);
  console.log(`script's cost   ${cost(perIsolate)} per isolate, medians (${copies} isolates in one workerd minus as many floors, ÷ ${copies})`);
  if (unimported) console.log(`unimported      ${cost(unimportedCost)} per isolate for the bundle as a second module the floor never imports`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
