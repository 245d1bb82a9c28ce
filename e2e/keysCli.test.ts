import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with the benchmarks
import { startLocalCollector, wranglerEnv } from '../scripts/lib/localCollector.mjs';

const root = path.resolve(__dirname, '..');

// The CLI writes to D1 through `wrangler d1 execute`, as an operator would against the deployed
// database (--remote). Locally it must not write under a running `wrangler dev` (workerd holds the
// database), so this test prepares a state directory, runs the CLI, then starts the collector on it.
describe('npx hoptrail keys', () => {
  it('creates keys that the collector accepts, printed once, listed without the key, and revokes them', async () => {
    const persist = mkdtempSync(path.join(tmpdir(), 'hoptrail-keys-'));
    const hoptrail = (...args: string[]) =>
      execFileSync('node', ['cli/hoptrail.mjs', ...args, '--persist-to', persist], { cwd: root, encoding: 'utf8', env: wranglerEnv });
    try {
      execFileSync('node', ['scripts/prepare-dev-db.mjs', '--persist-to', persist], { cwd: root, env: wranglerEnv, stdio: 'ignore' });
      expect(() => hoptrail('keys', 'create', '--site', 'cli-shop', '--kind', 'write')).toThrow(/--site: site "cli-shop" does not exist/);

      const created = hoptrail('keys', 'create', '--site', 'cli-shop', '--kind', 'read', '--label', 'analyst', '--create-site', 'CLI shop');
      const key = /\n {2}(ht_read_\S+)\n/.exec(created)![1];
      const doomed = hoptrail('keys', 'create', '--site', 'cli-shop', '--kind', 'read', '--label', 'leaked');
      const doomedKey = /\n {2}(ht_read_\S+)\n/.exec(doomed)![1];
      const doomedId = /id ([0-9a-f-]{36})/.exec(doomed)![1];
      expect(hoptrail('keys', 'revoke', '--id', doomedId)).toContain('Revoked');

      const listed = hoptrail('keys', 'list', '--site', 'cli-shop');
      expect(listed).toContain('analyst');
      expect(listed).toContain('leaked');
      expect(listed).not.toContain(key);

      const collector = await startLocalCollector({ persist });
      try {
        const visitors = (site: string, k: string) =>
          fetch(`${collector.url}/v1/sites/${site}/visitors`, { headers: { authorization: `Bearer ${k}` } });
        expect((await visitors('cli-shop', key)).status).toBe(200);
        expect((await visitors('demo', key)).status).toBe(404); // a key of one site is not a key for another
        expect((await visitors('cli-shop', doomedKey)).status).toBe(401); // revoked
      } finally {
        collector.stop();
      }
    } finally {
      rmSync(persist, { recursive: true, force: true });
    }
  }, 180_000);
});
