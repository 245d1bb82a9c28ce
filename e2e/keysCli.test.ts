import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with the benchmarks
import { wranglerEnv } from '../scripts/lib/localCollector.mjs';

const root = path.resolve(__dirname, '..');
const run = promisify(execFile);
const SITE = 'cli-shop';
const BROWSER = { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' };

// The real CLI against the shard's running collector: `keys bootstrap` writes SQL straight into its local
// D1 (the collector sees the new site and key at once); everything after goes over HTTP with a write key,
// as against a deployment.
const collector = { url: inject('collectorUrl') };
const persist = inject('collectorPersist');
let bootstrapKey: string;
let bootstrapId: string;

/** Runs the CLI; resolves with stdout, or with { code, stderr } when it exits non-zero. */
async function hoptrail(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['cli/hoptrail.mjs', ...args], { cwd: root, env: { ...wranglerEnv, HOPTRAIL_API: collector?.url ?? '', HOPTRAIL_SITE: SITE } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const shownKey = (stdout: string) => /\n {2}(ht_(?:read|write)_\S+)\n/.exec(stdout)![1];
const shownId = (stdout: string) => /\(id ([0-9a-f-]{36})\)/.exec(stdout)![1];

beforeAll(async () => {
  const missing = await hoptrail('keys', 'bootstrap', '--site', SITE, '--persist-to', persist);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/^hoptrail: --site: site "cli-shop" does not exist; add --create-site/);
  const boot = await hoptrail('keys', 'bootstrap', '--site', SITE, '--create-site', 'CLI shop', '--persist-to', persist);
  expect(boot.code, boot.stderr).toBe(0);
  bootstrapKey = shownKey(boot.stdout);
  bootstrapId = shownId(boot.stdout);
}, 60_000);

const visitors = (site: string, key: string) => fetch(`${collector.url}/v1/sites/${site}/visitors`, { headers: { authorization: `Bearer ${key}` } });

describe('npx hoptrail keys and score, over the collector API', () => {
  it('creates a read key with the bootstrapped write key: it reads its site, and only its site', async () => {
    expect(bootstrapKey).toMatch(/^ht_write_/);
    const created = await hoptrail('keys', 'create', '--kind', 'read', '--label', 'analyst', '--key', bootstrapKey);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^Created a read key for site "cli-shop" \(id [0-9a-f-]{36}\)\. It is shown only now/);
    const key = shownKey(created.stdout);
    expect((await visitors(SITE, key)).status).toBe(200);
    expect((await visitors('demo', key)).status).toBe(404); // a key of one site is not a key for another
  });

  it('creates a write key that recomputes scores, lists keys without them, revokes it: 401 from then on', async () => {
    const created = await hoptrail('keys', 'create', '--kind', 'write', '--label', 'ci job', '--key', bootstrapKey);
    const ciKey = shownKey(created.stdout);
    const ciId = shownId(created.stdout);

    const now = Date.now();
    const events = [0, 1, 2].map((seq) => ({
      id: `0190f0f0-0000-7000-8000-00000000c1${seq}0`,
      site: SITE,
      type: 'pageview',
      visitorId: 'cli-visitor-0001',
      sessionId: 'cli-session-0001',
      seq,
      ts: now - 1000 + seq,
      url: `https://shop.example/p/${seq}`,
      props: { title: `Page ${seq}` },
    }));
    const posted = await fetch(`${collector.url}/v1/events`, { method: 'POST', headers: BROWSER, body: JSON.stringify({ events }) });
    expect(await posted.json()).toMatchObject({ accepted: 3 });

    // The key from the environment, as a CI job would hold it.
    const recomputed = await run('node', ['cli/hoptrail.mjs', 'score', 'recompute'], {
      cwd: root,
      env: { ...wranglerEnv, HOPTRAIL_API: collector.url, HOPTRAIL_SITE: SITE, HOPTRAIL_WRITE_KEY: ciKey },
    });
    expect(recomputed.stdout).toMatch(/^site cli-shop: 3 events, \d+ observations, \d+ ms\n$/);

    const listed = await hoptrail('keys', 'list', '--key', bootstrapKey);
    expect(listed.code, listed.stderr).toBe(0);
    for (const label of ['analyst', 'ci job', 'bootstrap']) expect(listed.stdout).toContain(label);
    for (const secret of [ciKey, bootstrapKey]) expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).toMatch(new RegExp(`${bootstrapId}.*the key of this call`));

    const revoked = await hoptrail('keys', 'revoke', '--id', ciId, '--key', bootstrapKey);
    expect(revoked.stdout).toBe(`Revoked the write key ${ciId} (ci job) of site "cli-shop".\n`);
    const refused = await hoptrail('score', 'recompute', '--key', ciKey);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('hoptrail: POST /v1/sites/cli-shop/scores/recompute answered 401: authorization: not a valid write key\n');
    expect((await hoptrail('keys', 'list', '--key', bootstrapKey)).stdout).toMatch(new RegExp(`${ciId}.*write.*ci job.*\\d{4}-\\d\\d-\\d\\dT.*\\d{4}-\\d\\d-\\d\\dT`));
  });

  it("refuses to revoke the site's last write key, with the collector's reason", async () => {
    const refused = await hoptrail('keys', 'revoke', '--id', bootstrapId, '--key', bootstrapKey);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^hoptrail: DELETE \/v1\/sites\/cli-shop\/keys\/[0-9a-f-]{36} answered 409: id: this is the site's last live write key/);
    expect((await hoptrail('score', 'recompute', '--key', bootstrapKey)).code).toBe(0);
  });
});
