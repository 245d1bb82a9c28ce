// The Worker's weight: the bundle `wrangler deploy` would upload (raw and gzip bytes) and its cold start,
// measured locally as workerd start → first response, beside the same for a Worker that only answers
// "ok" (the floor: process start, socket, one request). The difference is what our script costs a cold
// isolate: parsing and evaluating the bundle and building the app.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { benchArgs } from './lib/args.mjs';
import { wrangler } from '../cli/lib/wrangler.mjs';

const { rounds } = benchArgs('npm run bench:worker -- [options]   bundle size and cold start of the collector Worker', {
  rounds: { type: 'number', default: 7, help: 'cold starts measured per script (the median is printed)' },
});

const COMPATIBILITY_DATE = /compatibility_date = "([\d-]+)"/.exec(readFileSync('wrangler.toml', 'utf8'))[1];
const scratch = mkdtempSync(path.join(tmpdir(), 'hoptrail-bench-worker-'));
try {
  wrangler(['deploy', '--dry-run', '--outdir', scratch], { offline: true });
  const bundlePath = path.join(scratch, 'index.js');
  const bundle = readFileSync(bundlePath);
  const floorPath = path.join(scratch, 'floor.js');
  writeFileSync(floorPath, 'export default { fetch() { return new Response("ok"); } };\n');

  /** Milliseconds from a new workerd to the first response of `path` on the given script. */
  async function coldStart(scriptPath, url) {
    const started = performance.now();
    const mf = new Miniflare({
      modules: true,
      scriptPath,
      modulesRoot: path.dirname(scriptPath),
      compatibilityDate: COMPATIBILITY_DATE,
      d1Databases: ['DB'],
      bindings: { ENVIRONMENT: 'bench' },
    });
    try {
      const res = await mf.dispatchFetch(url);
      await res.arrayBuffer();
      return performance.now() - started;
    } finally {
      await mf.dispose();
    }
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const floor = [];
  const worker = [];
  await coldStart(floorPath, 'http://bench/'); // warms the OS file cache for workerd itself
  for (let i = 0; i < rounds; i++) {
    floor.push(await coldStart(floorPath, 'http://bench/'));
    // A route that touches no storage: the cost measured is the script's, not D1's.
    worker.push(await coldStart(bundlePath, 'http://bench/v1/no-such-route'));
  }
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`bundle          ${kib(bundle.length)} raw, ${kib(gzipSync(bundle, { level: 9 }).length)} gzip (wrangler deploy --dry-run, as uploaded)`);
  console.log(`cold start      ${median(worker).toFixed(0)} ms median to the first response (${rounds} workerd starts)`);
  console.log(`floor           ${median(floor).toFixed(0)} ms median for a Worker that answers "ok"`);
  console.log(`script's cost   ${(median(worker) - median(floor)).toFixed(0)} ms`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
