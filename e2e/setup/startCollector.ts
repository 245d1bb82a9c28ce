import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    collectorUrl: string;

  }
}

const root = path.resolve(__dirname, '../..');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' };

/**
 * Starts the collector exactly as `npm start` does (same migrations and dev keys, `wrangler dev
 * --local`), on a free port with a throwaway D1, and stops it after the e2e run.
 */
export default async function startCollector(project: TestProject) {
  const persist = mkdtempSync(path.join(tmpdir(), 'hoptrail-e2e-d1-'));
  execFileSync('node', ['scripts/prepare-dev-db.mjs', '--persist-to', persist], { cwd: root, env, stdio: 'ignore' });

  const port = await freePort();
  const child = spawn(
    'npx',
    ['wrangler', 'dev', '--local', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persist, '--show-interactive-dev-session=false'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));

  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/hoptrail.js`, child, () => output);
  project.provide('collectorUrl', url);


  return async () => {
    stop(child);
    rmSync(persist, { recursive: true, force: true });
  };
}

function stop(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop(child);
  throw new Error(`wrangler dev did not come up in 90 s:\n${output()}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
