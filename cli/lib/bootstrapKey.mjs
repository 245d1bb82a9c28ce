// The one place the CLI writes keys with SQL: a site's first key, when no write key exists yet to call
// the keys API with (`hoptrail keys bootstrap`, and `hoptrail deploy` for a new deployment's first site).
// Every other key change goes through the collector's API (`hoptrail keys create|list|revoke`).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CliError } from './cliError.mjs';
import { d1Execute } from './wrangler.mjs';

const SITE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Creates a key (and the site, given `createSite`) and returns { id, key }: the key exists nowhere
 * else. Its format and hash are those of the collector's store/keys.ts.
 */
export function mintKey(d1, { site, kind, label = '', createSite }) {
  if (!site || !SITE_ID.test(site)) throw new CliError('--site: a site id (lowercase letters, digits, - and _) is required');
  if (kind !== 'read' && kind !== 'write') throw new CliError('--kind: must be read or write');
  const now = Date.now();
  const key = `ht_${kind}_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  const hash = createHash('sha256').update(key).digest('hex');
  // One wrangler call (each costs seconds, more against --remote): the site if asked, then the key
  // only where the site exists; no row back means no site.
  const rows = d1(
    [
      ...(createSite !== undefined ? [`INSERT OR IGNORE INTO sites (id, name, created_at) VALUES (${q(site)}, ${q(createSite || site)}, ${now})`] : []),
      `INSERT INTO api_keys (id, site, kind, hash, label, created_at) SELECT ${q(id)}, ${q(site)}, ${q(kind)}, ${q(hash)}, ${q(label)}, ${now} ` +
        `WHERE EXISTS (SELECT 1 FROM sites WHERE id = ${q(site)}) RETURNING id`,
    ].join('; '),
  );
  if (!rows.length) throw new CliError(`--site: site "${site}" does not exist; add --create-site "Name" to create it`);
  return { id, key };
}

/** SQL string literal (the values are checked above; quotes are doubled anyway). */
const q = (value) => `'${String(value).replace(/'/g, "''")}'`;

/** Runs SQL through wrangler against the local (default) or remote D1 and returns the rows. */
export function d1Runner({ remote, 'persist-to': persistTo, config }) {
  const where = remote ? ['--remote'] : ['--local', ...(persistTo ? ['--persist-to', persistTo] : [])];
  return (sql) => d1Execute(sql, { where, config });
}
