// Starts the collector as `npm start` does (migrations + dev keys, `wrangler dev --local`) on a free
// port with a throwaway D1, for benchmarks and scripts. Returns { url, persist, stop, d1 }.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' };

/**
 * A fresh state directory: migrations, the demo site and its dev keys (prepare-dev-db.mjs, 17 s: wrangler
 * starts a local D1 per migration), or a copy of HOPTRAIL_D1_TEMPLATE, a directory prepared that way once
 * (`npm test` prepares one for its three e2e collectors).
 */
export function prepareLocalD1() {
  const persist = mkdtempSync(path.join(tmpdir(), 'hoptrail-bench-d1-'));
  const template = process.env.HOPTRAIL_D1_TEMPLATE;
  if (template) cpSync(template, persist, { recursive: true });
  else execFileSync('node', ['scripts/prepare-dev-db.mjs', '--persist-to', persist], { cwd: root, env: wranglerEnv, stdio: 'ignore' });
  return persist;
}

/**
 * `persist`: an existing, prepared state directory to use instead of a fresh one. `env`: a wrangler
 * environment (e.g. `queue`: ingest through Miniflare queues). `port`: a fixed port (a collector
 * restarted where the pages expect it), else a free one. `testScheduled`: GET /__scheduled?cron=… runs the
 * scheduled handler (wrangler dev --test-scheduled), for tests that drive the crons. `config`: another
 * wrangler config than the repository's (a bench's variant of it, written with absolute paths).
 */
export async function startLocalCollector({ vars = {}, persist: existing, env, port: fixed, testScheduled = false, config } = {}) {
  const persist = existing ?? prepareLocalD1();
  const port = fixed ?? (await freePort());
  // Each collector its own devtools port: two started at once would both take wrangler's default 9229.
  const inspectorPort = await freePort();
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn(
    'npx',
    ['wrangler', 'dev', '--local', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persist, '--show-interactive-dev-session=false', '--inspector-port', String(inspectorPort), ...(config ? ['--config', config] : []), ...(env ? ['--env', env] : []), ...(testScheduled ? ['--test-scheduled'] : []), ...varArgs],
    { cwd: root, env: wranglerEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  // Each chunk with the time it arrived, for benches that line log lines up with their own requests.
  const chunks = [];
  const take = (d) => {
    output += d;
    chunks.push({ at: Date.now(), text: String(d) });
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    try {
      if ((await fetch(`${url}/hoptrail.js`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      stop();
      throw new Error(`wrangler dev did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  /** Runs SQL against the same local D1 (after stopping is fine too). */
  const d1 = (sql) =>
    JSON.parse(
      execFileSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to', persist, '--json', '--command', sql], {
        cwd: root,
        env: wranglerEnv,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    )[0].results;
  return {
    url,
    persist,
    d1,
    /** wrangler's process id (its workerd processes are its descendants). */
    pid: child.pid,
    /** wrangler's devtools proxy to the Worker's isolate (GET /json lists its WebSocket). */
    inspectorPort,
    stop: () => {
      stop();
    },
    cleanup: () => rmSync(persist, { recursive: true, force: true }),
    /** What wrangler dev printed so far (for a bench's failure report). */
    output: () => output,
    /** The same as chunks stamped with their arrival (Date.now()). */
    timedOutput: () => chunks,
    memoryKb: () => processTreeRssKb(child.pid),
    /** Resident memory of the workerd processes alone (the Worker's runtime, without wrangler's Node). */
    workerdKb: () => processTreeRssKb(child.pid, 'workerd'),
  };
}

/** Resident memory of a process and its descendants (only those named `comm`, if given), in KB (Linux /proc). */
export function processTreeRssKb(pid, comm) {
  try {
    const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' });
    const rows = out.trim().split('\n').map((l) => l.trim().split(/\s+/));
    const children = new Map();
    for (const [p, pp] of rows) children.set(Number(pp), [...(children.get(Number(pp)) ?? []), Number(p)]);
    const rss = new Map(rows.map(([p, , r, c]) => [Number(p), !comm || c === comm ? Number(r) : 0]));
    let total = 0;
    const stack = [pid];
    while (stack.length) {
      const p = stack.pop();
      total += rss.get(p) ?? 0;
      stack.push(...(children.get(p) ?? []));
    }
    return total;
  } catch {
    return NaN;
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
