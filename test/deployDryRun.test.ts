import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with the benchmarks
import { wranglerEnv } from '../scripts/lib/localCollector.mjs';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'hoptrail-deploy-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `hoptrail deploy --dry-run` with its own state file; returns exit code and everything printed. */
function dryRun(state: object | string | undefined, ...args: string[]) {
  const stateFile = path.join(scratch, `state-${Math.random().toString(36).slice(2)}.json`);
  if (state !== undefined) writeFileSync(stateFile, typeof state === 'string' ? state : JSON.stringify(state));
  try {
    const out = execFileSync('node', ['cli/hoptrail.mjs', 'deploy', '--dry-run', '--skip-build', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...wranglerEnv, HOPTRAIL_DEPLOY_STATE: stateFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout + e.stderr };
  }
}

describe('npx hoptrail deploy --dry-run', () => {
  it('applies every migration to a fresh SQLite, bundles the Worker and lists what a real run would create', () => {
    const id = '5b0f2c43-8d6e-4a8f-9a1e-2f4c7d9e1b30';
    const { code, out } = dryRun({ worker: 'shop-collector', database: { name: 'hoptrail', id }, queue: false }, '--queue');
    expect(code, out).toBe(0);
    expect(out).toContain(`deployment config hoptrail.deploy.json is valid (Worker shop-collector, D1 ${id})`);
    const migrations = readdirSync(path.join(root, 'collector/migrations')).filter((f) => f.endsWith('.sql'));
    expect(out).toContain(`migrations: all ${migrations.length} applied in order`);
    const bundle = /bundle: ([\d.]+) KiB raw, ([\d.]+) KiB gzip/.exec(out);
    expect(bundle, out).not.toBeNull();
    expect(Number(bundle![2])).toBeLessThan(Number(bundle![1]));
    // Every cold isolate parses the whole bundle: minified, zod imported as a namespace (so its locales
    // and unused parts are left out). A regression to the megabyte it once was fails here.
    const budget = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workerBundleBudgetKiB;
    expect(Number(bundle![1]), 'Worker bundle KiB raw').toBeLessThanOrEqual(budget);
    // Every local secret has a production counterpart that a real run would generate.
    const secrets = readFileSync(path.join(root, '.dev.vars.example'), 'utf8').match(/^[A-Z0-9_]+(?==)/gm)!;
    const secretLine = /secrets {6}(.*)/.exec(out)![1];
    for (const name of secrets) expect(secretLine).toContain(name);
    const bindingLine = /bindings {5}(.*)/.exec(out)![1];
    for (const binding of ['DB D1 Database', 'ASSETS', 'INGEST_QUEUE Queue hoptrail-ingest', 'INGEST_DLQ Queue hoptrail-ingest-dlq', 'ALERT_QUEUE Queue hoptrail-alerts']) {
      expect(bindingLine).toContain(binding);
    }
    expect(out).toContain('queues       hoptrail-ingest, hoptrail-ingest-dlq, hoptrail-alerts');
    // The committed wrangler.toml is untouched and the rendered dry-run config is cleaned up.
    expect(existsSync(path.join(root, 'wrangler.dry-run.toml'))).toBe(false);
  }, 180_000);

  it('refuses a saved deployment config that is not valid, naming the bad field', () => {
    const bad = dryRun({ worker: 'shop-collector', database: { name: 'hoptrail', id: 'not-a-uuid' }, queue: false });
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/database\.id must be a D1 database UUID/);
    expect(dryRun('{ nope').out).toMatch(/not valid JSON/);
    expect(dryRun({ worker: 'Shop Collector', database: { name: 'hoptrail' }, queue: false }).out).toMatch(/worker must be a Worker name/);
  }, 30_000);
});
