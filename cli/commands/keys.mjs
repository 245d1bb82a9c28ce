import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CliError } from '../lib/cliError.mjs';
import { d1Execute } from '../lib/wrangler.mjs';

export const summary = 'manage API keys: create (printed once), list, revoke';

const USAGE = `Usage:
  hoptrail keys create --site ID --kind read|write [--label TEXT] [--create-site NAME]
  hoptrail keys list   --site ID
  hoptrail keys revoke --id KEY_ID

Keys live in the collector's D1 as SHA-256 hashes: a new key is printed once and cannot be shown again.
Read keys read a site's data (/v1/sites/:site/...); write keys send server events and manage surveys,
newsletters and settings. They are separate: a write key cannot read.

Where: the local D1 of \`npm start\` by default; --persist-to DIR for another local state directory,
or --remote for the deployed database (needs \`wrangler login\`; --config wrangler.deploy.toml, which
\`hoptrail deploy\` writes, names it).`;

const SITE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export async function run(argv) {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') return console.log(USAGE);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        site: { type: 'string' },
        kind: { type: 'string' },
        label: { type: 'string', default: '' },
        id: { type: 'string' },
        'create-site': { type: 'string' },
        'persist-to': { type: 'string' },
        remote: { type: 'boolean', default: false },
        config: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new CliError(`${err.message}\n\n${USAGE}`);
  }
  const d1 = d1Runner(values);
  if (sub === 'create') return create(d1, values);
  if (sub === 'list') return list(d1, values);
  if (sub === 'revoke') return revoke(d1, values);
  throw new CliError(`unknown subcommand "keys ${sub}"; try: create, list, revoke`);
}

function create(d1, options) {
  const { kind, site } = options;
  const { id, key } = createKey(d1, options);
  console.log(`Created a ${kind} key for site "${site}" (id ${id}). It is shown only now; store it safely:\n\n  ${key}\n`);
}

/** Creates a key (and the site, given `create-site`); returns the key, which exists nowhere else. */
export function createKey(d1, { site, kind, label = '', 'create-site': siteName }) {
  if (!site || !SITE_ID.test(site)) throw new CliError('--site: a site id (lowercase letters, digits, - and _) is required');
  if (kind !== 'read' && kind !== 'write') throw new CliError('--kind: must be read or write');
  const now = Date.now();
  if (siteName !== undefined) d1(`INSERT OR IGNORE INTO sites (id, name, created_at) VALUES (${q(site)}, ${q(siteName || site)}, ${now})`);
  if (!d1(`SELECT id FROM sites WHERE id = ${q(site)}`).length) {
    throw new CliError(`--site: site "${site}" does not exist; add --create-site "Name" to create it`);
  }
  const key = `ht_${kind}_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  const hash = createHash('sha256').update(key).digest('hex');
  d1(
    `INSERT INTO api_keys (id, site, kind, hash, label, created_at) VALUES (${q(id)}, ${q(site)}, ${q(kind)}, ${q(hash)}, ${q(label)}, ${now})`,
  );
  return { id, key };
}

function list(d1, { site }) {
  if (!site) throw new CliError('--site: required');
  const rows = d1(
    `SELECT id, kind, label, substr(hash, 1, 8) AS hash_prefix, created_at, revoked_at FROM api_keys WHERE site = ${q(site)} ORDER BY created_at`,
  );
  if (!rows.length) return console.log(`No keys for site "${site}".`);
  console.table(
    rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      label: r.label,
      'sha256 prefix': r.hash_prefix,
      created: new Date(r.created_at).toISOString(),
      revoked: r.revoked_at ? new Date(r.revoked_at).toISOString() : '',
    })),
  );
}

function revoke(d1, { id }) {
  if (!id) throw new CliError('--id: the key id from `hoptrail keys list` is required');
  const rows = d1(`UPDATE api_keys SET revoked_at = ${Date.now()} WHERE id = ${q(id)} AND revoked_at IS NULL RETURNING id, site, kind`);
  if (!rows.length) throw new CliError(`--id: no live key with id ${id}`);
  console.log(`Revoked the ${rows[0].kind} key ${id} of site "${rows[0].site}".`);
}

/** SQL string literal (the CLI's values are checked above; quotes are doubled anyway). */
const q = (value) => `'${String(value).replace(/'/g, "''")}'`;

/** Runs SQL through wrangler against the local (default) or remote D1 and returns the rows. */
export function d1Runner({ remote, 'persist-to': persistTo, config }) {
  const where = remote ? ['--remote'] : ['--local', ...(persistTo ? ['--persist-to', persistTo] : [])];
  return (sql) => d1Execute(sql, { where, config });
}
