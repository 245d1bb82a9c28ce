// `npm test`: typecheck and build side by side, then the test projects in parallel vitest runs.
//
// Why several runs: vitest puts a project whose files run one at a time (each e2e shard: one collector, one
// browser per file) in a group of its own, started only after every other project has finished, and on
// two cores it gives all the other projects a single worker. The browser tests mostly wait (timers, the
// network, a browser starting), so two shards run beside the CPU-bound rest from the start, and the third
// when the rest is done: never more than three runs at once. Each run is its own vitest process with its
// projects' own settings; the last line sums them.
//   npm test                 everything
//   npm test -- <vitest args> typecheck, build, then one `vitest run <args>` (e.g. a file or --project)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const SUMMARY = /^tests: (\d+) passed, (\d+) failed, (\d+) skipped$/;

/** Runs a command; its lines go to stdout as they come (whole lines, so two runs never mix within one). */
function run(command, commandArgs, { buffer = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
    const lines = [];
    const counts = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        const summary = SUMMARY.exec(line);
        if (summary) return counts.push(summary.slice(1).map(Number));
        if (buffer) lines.push(line);
        else process.stdout.write(`${line}\n`);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, lines, counts: counts.at(-1) }));
  });
}

// Wrangler stays offline unless told otherwise (no metrics, no request.cf lookup).
process.env.WRANGLER_SEND_METRICS ??= 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

// The three e2e collectors start from copies of one prepared local D1 (scripts/lib/localCollector.mjs):
// preparing it runs every migration through wrangler, 17 s of CPU that would otherwise be spent three times.
const template = args.length ? undefined : mkdtempSync(path.join(tmpdir(), 'hoptrail-test-d1-'));
if (template) process.env.HOPTRAIL_D1_TEMPLATE = template;
process.on('exit', () => template && rmSync(template, { recursive: true, force: true }));

// Typecheck, build and the D1 template are independent: all at once, each printed whole when it ends.
const [typecheck, build, d1] = await Promise.all([
  run('npm', ['run', '--silent', 'typecheck'], { buffer: true }),
  run('npm', ['run', '--silent', 'build'], { buffer: true }),
  template ? run('node', ['scripts/prepare-dev-db.mjs', '--persist-to', template], { buffer: true }) : { code: 0, lines: [] },
]);
for (const [name, result, quiet] of [['typecheck', typecheck], ['build', build], ['the e2e D1 template (prepare-dev-db)', d1, true]]) {
  if (result.lines.length && (!quiet || result.code !== 0)) console.log(result.lines.join('\n'));
  if (result.code !== 0) {
    console.error(`npm test: ${name} failed (exit ${result.code})`);
    process.exit(result.code);
  }
}

const vitest = (vitestArgs) => run('npx', ['vitest', 'run', ...vitestArgs]);
// The shards (e2e/shards.ts) by length: the two longest start beside the rest, the shortest after it.
async function everything() {
  const rest = vitest(['--project', '!e2e*']);
  const first = [vitest(['--project', 'e2e-surveys']), vitest(['--project', 'e2e-sdk'])];
  const last = rest.then(() => vitest(['--project', 'e2e']));
  return Promise.all([rest, ...first, last]);
}
const runs = args.length ? [await vitest(args)] : await everything();

const total = [0, 0, 0];
for (const { counts } of runs) counts?.forEach((n, i) => (total[i] += n));
const code = runs.find((r) => r.code !== 0)?.code ?? 0;
if (runs.some((r) => !r.counts)) console.error('npm test: a vitest run ended without its summary');
console.log(`\ntests: ${total[0]} passed, ${total[1]} failed, ${total[2]} skipped`);
process.exit(code || (runs.some((r) => !r.counts) ? 1 : 0));
