import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CliError } from '../lib/cliError.mjs';
import { d1Runner, mintKey } from '../lib/bootstrapKey.mjs';
import { commandArgs } from '../lib/commandArgs.mjs';
import { DEPLOY_TOML, readDeployment, renderWranglerConfig, root, saveDeployment, secretNames } from '../lib/deploymentConfig.mjs';
import { d1Execute, wrangler } from '../lib/wrangler.mjs';

export const summary = 'deploy the collector to your Cloudflare account (D1, queues, secrets, migrations, first site)';

const USAGE = `Usage:
  hoptrail deploy [--queue] [--worker NAME] [--site ID --site-name NAME] [--origin URL] [--dry-run] [--skip-build]

A real run (needs \`wrangler login\` or CLOUDFLARE_API_TOKEN):
  1. checks \`wrangler whoami\`
  2. creates the D1 database (and with --queue the ingest, dead-letter and alert queues) when missing and
     saves their ids in hoptrail.deploy.json, rendered with wrangler.toml into wrangler.deploy.toml
  3. generates a random value for every secret the Worker lacks (the names in .dev.vars.example)
  4. applies pending migrations to the remote database, before the new code goes live
  5. builds and deploys, uploading the new secrets with the deployment
  6. creates the first site and its read and write keys when there is none (printed once)
  7. prints the snippet with the Worker's origin, the dashboard URL and what to try
--dry-run does offline what can be done offline: validates the deployment config, applies every
migration to a fresh SQLite, runs \`wrangler deploy --dry-run\` (bundle size, bindings) and lists what a
real run would create. --origin: the custom domain the Worker answers on (printed in the snippet).
--skip-build: use the assets of the last \`npm run build\`.`;

const QUEUES = ['hoptrail-ingest', 'hoptrail-ingest-dlq', 'hoptrail-alerts'];

export async function run(argv) {
  const args = commandArgs(argv, {
    command: 'deploy',
    usage: USAGE,
    options: {
      'dry-run': { type: 'boolean', default: false },
      queue: { type: 'boolean' },
      worker: { type: 'string' },
      site: { type: 'string', default: 'main' },
      'site-name': { type: 'string', default: 'My site' },
      origin: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  if (!args) return;
  const { values } = args;
  const state = readDeployment();
  if (values.worker) state.worker = values.worker;
  if (values.queue !== undefined) state.queue = values.queue;
  if (!values['skip-build']) buildAssets();
  return values['dry-run'] ? dryRun(state) : deploy(state, values);
}

const step = (text) => console.log(`✓ ${text}`);
const envArgs = (state) => (state.queue ? ['--env', 'queue'] : ['--env', '']);

async function dryRun(state) {
  console.log('hoptrail deploy --dry-run: nothing leaves this machine.\n');
  step(state.saved ? `deployment config hoptrail.deploy.json is valid (Worker ${state.worker}, D1 ${state.database.id ?? 'not created yet'})` : 'no hoptrail.deploy.json yet: a real run creates it');
  const config = path.join(root, 'wrangler.dry-run.toml');
  writeFileSync(config, renderWranglerConfig(state));
  const scratch = mkdtempSync(path.join(tmpdir(), 'hoptrail-deploy-dry-run-'));
  try {
    // One `d1 execute` of every migration in order, not `d1 migrations apply`: that starts a local D1
    // per file (14 s for 25 files here, 0.6 s each); the SQL run is the same.
    const migrations = readdirSync(path.join(root, 'collector/migrations')).filter((f) => f.endsWith('.sql')).sort();
    const all = path.join(scratch, 'migrations.sql');
    const sql = migrations.map((f) => `-- ${f}\n${readFileSync(path.join(root, 'collector/migrations', f), 'utf8')}\n`);
    writeFileSync(all, `${sql.join('')}SELECT count(*) AS tables FROM sqlite_master WHERE type = 'table';\n`);
    const [{ tables }] = d1Execute(null, { where: ['--local', '--persist-to', scratch], config, file: all, env: envArgs(state) });
    step(`migrations: all ${migrations.length} applied in order to a fresh SQLite (${migrations[0]} … ${migrations.at(-1)}; ${tables} tables)`);

    const out = wrangler(['deploy', '--dry-run', '--outdir', path.join(scratch, 'bundle'), '--config', config, ...envArgs(state)], { offline: true });
    const size = /Total Upload: ([\d.]+ KiB) \/ gzip: ([\d.]+ KiB)/.exec(out);
    if (!size) throw new CliError(`wrangler deploy --dry-run printed no bundle size:\n${out}`);
    step(`bundle: ${size[1]} raw, ${size[2]} gzip (wrangler deploy --dry-run)`);

    console.log('\nA real run would create or set:');
    console.log(`  Worker       ${state.worker}${state.queue ? ' (queue mode: [env.queue])' : ''}`);
    console.log(`  D1 database  ${state.database.name}${state.database.id ? ` (exists: ${state.database.id})` : ' (created when missing)'}`);
    if (state.queue) console.log(`  queues       ${QUEUES.join(', ')} (created when missing)`);
    console.log(`  secrets      ${secretNames().join(', ')} (random 32 bytes each, only those not set yet)`);
    console.log(`  bindings     ${bindingsFrom(out).join('; ')}`);
    console.log('  first site   a site and its read and write keys, when the database has no site');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(config, { force: true });
  }
}

async function deploy(state, values) {
  const who = wrangler(['whoami']);
  if (/not authenticated/i.test(who)) throw new CliError('wrangler is not logged in: run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN) and try again');
  step(`logged in to Cloudflare (${/associated with the email (\S+)/.exec(who)?.[1] ?? 'API token'})`);

  const databases = JSON.parse(wrangler(['d1', 'list', '--json']));
  let database = databases.find((d) => d.name === state.database.name);
  if (!database) {
    wrangler(['d1', 'create', state.database.name]);
    database = JSON.parse(wrangler(['d1', 'list', '--json'])).find((d) => d.name === state.database.name);
    if (!database) throw new CliError(`D1: created ${state.database.name} but cannot find it in \`wrangler d1 list\``);
    step(`D1 database ${state.database.name} created`);
  } else step(`D1 database ${state.database.name} exists`);
  state.database.id = database.uuid;

  if (state.queue) {
    const listed = wrangler(['queues', 'list']);
    for (const queue of QUEUES) {
      if (listed.includes(queue)) continue;
      wrangler(['queues', 'create', queue]);
      step(`queue ${queue} created`);
    }
  }
  saveDeployment(state);
  writeFileSync(DEPLOY_TOML, renderWranglerConfig(state));
  step('hoptrail.deploy.json and wrangler.deploy.toml written');
  const config = ['--config', DEPLOY_TOML, ...envArgs(state)];

  let existing = [];
  try {
    existing = JSON.parse(wrangler(['secret', 'list', '--format', 'json', ...config])).map((s) => s.name);
  } catch {
    // A Worker that was never deployed has no secrets yet.
  }
  const missing = secretNames().filter((name) => !existing.includes(name));

  // Migrations first: each one keeps the previous release's code working (ARCHITECTURE, "Storage").
  console.log(wrangler(['d1', 'migrations', 'apply', 'DB', '--remote', ...config], { input: 'y\n' }).trim().split('\n').slice(-3).join('\n'));
  step('migrations applied to the remote database');

  const secretsDir = mkdtempSync(path.join(tmpdir(), 'hoptrail-secrets-'));
  const secretsFile = path.join(secretsDir, 'secrets.json');
  let out;
  try {
    writeFileSync(secretsFile, JSON.stringify(Object.fromEntries(missing.map((name) => [name, randomBytes(32).toString('base64url')]))), { mode: 0o600 });
    out = wrangler(['deploy', ...config, ...(missing.length ? ['--secrets-file', secretsFile] : [])]);
  } finally {
    rmSync(secretsDir, { recursive: true, force: true });
  }
  step(`deployed${missing.length ? `, with new secrets ${missing.join(', ')}` : ''}`);
  const origin = (values.origin ?? /https:\/\/[^\s]+\.workers\.dev/.exec(out)?.[0] ?? '').replace(/\/$/, '');

  const d1 = d1Runner({ remote: true, config: DEPLOY_TOML });
  const keys = [];
  if (!d1('SELECT id FROM sites LIMIT 1').length) {
    keys.push(['read', mintKey(d1, { site: values.site, kind: 'read', label: 'first read key', createSite: values['site-name'] }).key]);
    keys.push(['write', mintKey(d1, { site: values.site, kind: 'write', label: 'first write key' }).key]);
    step(`site "${values.site}" created`);
  }
  printBanner({ origin: origin || 'https://<your worker origin>', site: keys.length ? values.site : '<your site id>', keys });
}

function printBanner({ origin, site, keys }) {
  const lines = ['', `Hoptrail is live at ${origin}`, ''];
  if (keys.length) {
    lines.push('Keys (shown only now; store them safely):');
    for (const [kind, key] of keys) lines.push(`  ${kind.padEnd(5)} ${key}`);
    lines.push('');
  }
  lines.push(
    'Add to every page of your site:',
    `  <script defer src="${origin}/hoptrail.js" data-site="${site}" data-api="${origin}"></script>`,
    '',
    `Dashboard: ${origin}/dashboard/ (sign in with the read key)`,
    'Try it:',
    `  curl -H "Authorization: Bearer <read key>" ${origin}/v1/sites/${site}/visitors`,
    'Upgrade later: pull the new release and run `npx hoptrail deploy` again (migrations first, then code).',
  );
  console.log(lines.join('\n'));
}

/** The served SDK and example assets come from `npm run build`; wrangler uploads .build/assets. */
function buildAssets() {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The bindings table wrangler prints ("env.DB (hoptrail)  D1 Database"). */
function bindingsFrom(out) {
  return [...out.matchAll(/^env\.(\S+)(?: \(([^)]*)\))?\s{2,}(.+?)\s*$/gm)].map(([, name, resource, kind]) => `${name} ${kind}${resource ? ` ${resource}` : ''}`);
}
