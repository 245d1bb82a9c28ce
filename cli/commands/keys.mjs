import { CliError } from '../lib/cliError.mjs';
import { callCollector, collectorConfig } from '../lib/collectorClient.mjs';
import { commandArgs, COLLECTOR_OPTIONS, COLLECTOR_USAGE } from '../lib/commandArgs.mjs';
import { d1Runner, mintKey } from '../lib/bootstrapKey.mjs';

export const summary = 'manage API keys: create (printed once), list, revoke; bootstrap a first write key';

const USAGE = `Usage:
  hoptrail keys create --kind read|write [--label TEXT]    a new key, printed once
  hoptrail keys list                                       every key of the site (never a key itself)
  hoptrail keys revoke --id KEY_ID                         the key gets 401 from then on
  hoptrail keys bootstrap --site ID [--create-site NAME] [--label TEXT] [--persist-to DIR | --remote [--config FILE]]

Read keys read a site's data (/v1/sites/:site/...); write keys send server events and manage surveys,
newsletters, settings and keys. They are separate: a write key cannot read. The collector keeps only
SHA-256 hashes. A site's last live write key cannot be revoked: create its successor first.

create, list and revoke call the collector with a write key of the site:
${COLLECTOR_USAGE}

bootstrap mints a write key with SQL on the database itself, for a site that has none yet (or whose
write keys are all lost): the local D1 of \`npm start\` by default (a running \`npm start\` sees the
new key at once), --persist-to DIR for another local state directory, or --remote
for the deployed database (needs \`wrangler login\`; --config wrangler.deploy.toml, which
\`hoptrail deploy\` writes, names it). --create-site NAME creates the site too.`;

export async function run(argv) {
  const args = commandArgs(argv, {
    command: 'keys',
    usage: USAGE,
    subcommands: {
      create: { ...COLLECTOR_OPTIONS, kind: { type: 'string' }, label: { type: 'string' } },
      list: COLLECTOR_OPTIONS,
      revoke: { ...COLLECTOR_OPTIONS, id: { type: 'string' } },
      bootstrap: {
        site: { type: 'string' },
        label: { type: 'string' },
        'create-site': { type: 'string' },
        'persist-to': { type: 'string' },
        remote: { type: 'boolean', default: false },
        config: { type: 'string' },
      },
    },
  });
  if (!args) return;
  const { sub, values } = args;
  if (sub === 'bootstrap') return bootstrap(values);
  const config = collectorConfig(values, 'write');
  const base = `/v1/sites/${encodeURIComponent(config.site)}/keys`;
  if (sub === 'create') return create(config, base, values);
  if (sub === 'list') return list(config, base);
  return revoke(config, base, values.id);
}

async function create(config, base, { kind, label = '' }) {
  if (kind !== 'read' && kind !== 'write') throw new CliError('--kind: must be read or write');
  const created = await callCollector(config, 'POST', base, { kind, label });
  console.log(`Created a ${kind} key for site "${config.site}" (id ${created.id}). It is shown only now; store it safely:\n\n  ${created.key}\n`);
}

async function list(config, base) {
  const { keys } = await callCollector(config, 'GET', base);
  if (!keys.length) return console.log(`No keys for site "${config.site}".`);
  console.table(
    keys.map((k) => ({
      id: k.id,
      kind: k.kind,
      label: k.label,
      created: new Date(k.createdAt).toISOString(),
      revoked: k.revokedAt ? new Date(k.revokedAt).toISOString() : '',
      note: k.current ? 'the key of this call' : '',
    })),
  );
}

async function revoke(config, base, id) {
  if (!id) throw new CliError('--id: the key id from `hoptrail keys list` is required');
  const { key } = await callCollector(config, 'DELETE', `${base}/${encodeURIComponent(id)}`);
  console.log(`Revoked the ${key.kind} key ${key.id}${key.label ? ` (${key.label})` : ''} of site "${config.site}".`);
}

function bootstrap(values) {
  const { id, key } = mintKey(d1Runner(values), {
    site: values.site,
    kind: 'write',
    label: values.label ?? 'bootstrap',
    createSite: values['create-site'],
  });
  console.log(`Created a write key for site "${values.site}" (id ${id}). It is shown only now; store it safely:\n\n  ${key}\n`);
  console.log(`Make the others over the API with it: HOPTRAIL_WRITE_KEY=<that key> npx hoptrail keys create --site ${values.site} --kind read [--api URL]`);
}
