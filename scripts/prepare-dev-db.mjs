// Prepares the local D1 for `npm start` and the end-to-end tests: applies every migration, then
// makes the development site `demo` with its documented keys (read `demo-read-key`, write
// `demo-write-key`), its helpdesk webhook credentials (Zendesk secret `dev-zendesk-secret`, Freshdesk
// token `dev-freshdesk-token`) its own hosts (127.0.0.1, localhost) and the example surveys. Keys and the token are stored as SHA-256 hashes,
// the Zendesk secret sealed with .dev.vars' WEBHOOK_SECRETS_KEY, as for any site; deployments never run this.
//   node scripts/prepare-dev-db.mjs [--persist-to DIR]
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { benchArgs } from '../bench/lib/args.mjs';
import { DEMO_SURVEYS } from './demoSurveys.mjs';

export const DEV_SITE = 'demo';
export const DEV_KEYS = { read: 'demo-read-key', write: 'demo-write-key' };
export const DEV_WEBHOOKS = { zendeskSecret: 'dev-zendesk-secret', freshdeskToken: 'dev-freshdesk-token' };

const args = benchArgs('npm run db:dev -- [options]   migrations, the demo site, its dev keys and example surveys in the local D1', {
  'persist-to': { type: 'string', help: "the local state directory (default: wrangler's, as npm start uses)" },
});
const persist = args['persist-to'] ? ['--persist-to', args['persist-to']] : [];
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' };
const wrangler = (...args) =>
  execFileSync('npx', ['wrangler', ...args, '--local', ...persist], { env, stdio: ['ignore', 'inherit', 'inherit'] });

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const now = Date.now();


// Local secrets: .dev.vars (gitignored) from .dev.vars.example, adding keys it lacks, so a key added
// to the example later reaches an existing .dev.vars too. Values already in .dev.vars are kept.
const example = new URL('../.dev.vars.example', import.meta.url);
const devVars = new URL('../.dev.vars', import.meta.url);
if (existsSync(example)) {
  const keyOf = (line) => /^\s*([A-Z0-9_]+)\s*=/.exec(line)?.[1];
  const have = new Set((existsSync(devVars) ? readFileSync(devVars, 'utf8') : '').split('\n').map(keyOf).filter(Boolean));
  const missing = readFileSync(example, 'utf8')
    .split('\n')
    .filter((line) => keyOf(line) && !have.has(keyOf(line)));
  if (missing.length) appendFileSync(devVars, (have.size ? '\n' : '') + missing.join('\n') + '\n');
}

wrangler('d1', 'migrations', 'apply', 'DB');
const sealedZendeskSecret = await sealWithDevKey(DEV_WEBHOOKS.zendeskSecret);
wrangler(
  'd1',
  'execute',
  'DB',
  '--command',
  [
    `INSERT OR IGNORE INTO sites (id, name, created_at) VALUES ('${DEV_SITE}', 'Demo shop', ${now})`,
    ...Object.entries(DEV_KEYS).map(
      ([kind, key]) =>
        `INSERT OR IGNORE INTO api_keys (id, site, kind, hash, label, created_at) ` +
        `VALUES ('dev-${kind}', '${DEV_SITE}', '${kind}', '${sha256(key)}', 'local development', ${now})`,
    ),
    `INSERT OR IGNORE INTO webhook_secrets (site, helpdesk, token_hash, hint, updated_at) ` +
      `VALUES ('${DEV_SITE}', 'freshdesk', '${sha256(DEV_WEBHOOKS.freshdeskToken)}', '…${DEV_WEBHOOKS.freshdeskToken.slice(-4)}', ${now})`,
    `INSERT OR IGNORE INTO webhook_secrets (site, helpdesk, sealed_secret, hint, updated_at) ` +
      `VALUES ('${DEV_SITE}', 'zendesk', '${sealedZendeskSecret}', '…${DEV_WEBHOOKS.zendeskSecret.slice(-4)}', ${now})`,
    // The example site runs on the collector itself: a newsletter click may carry ht_nl there.
    `INSERT OR IGNORE INTO own_hosts (site, hosts, updated_at) VALUES ('${DEV_SITE}', '["127.0.0.1","localhost"]', ${now})`,
    // The example site's surveys (pop-up NPS, inline CSAT, CES after a chat); see scripts/demoSurveys.mjs.
    ...DEMO_SURVEYS.map(
      (survey) =>
        `INSERT OR IGNORE INTO surveys (site, id, definition, active, created_at, updated_at) ` +
        `VALUES ('${DEV_SITE}', '${survey.id}', '${JSON.stringify(survey).replaceAll("'", "''")}', 1, ${now}, ${now})`,
    ),
  ].join('; '),
);

/** Seals the dev Zendesk secret exactly as the collector does (its sealSecret.ts, bundled with esbuild). */
async function sealWithDevKey(secret) {
  const vars = readFileSync(devVars, 'utf8');
  const key = /^\s*WEBHOOK_SECRETS_KEY\s*=\s*"?([^"\n]*)"?\s*$/m.exec(vars)?.[1];
  const bundled = await build({ entryPoints: [new URL('../collector/src/webhooks/sealSecret.ts', import.meta.url).pathname], bundle: true, format: 'esm', platform: 'neutral', write: false });
  const dir = mkdtempSync(path.join(tmpdir(), 'hoptrail-seal-'));
  try {
    const file = path.join(dir, 'sealSecret.mjs');
    writeFileSync(file, bundled.outputFiles[0].text);
    const { sealSecret } = await import(pathToFileURL(file).href);
    return await sealSecret(key, DEV_SITE, 'zendesk', secret);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
