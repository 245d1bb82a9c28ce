import { CliError } from '../lib/cliError.mjs';
import { callCollector, collectorConfig } from '../lib/collectorClient.mjs';
import { commandArgs, COLLECTOR_OPTIONS, COLLECTOR_USAGE } from '../lib/commandArgs.mjs';

export const summary = 'signed identify: create or rotate the identity secret, choose signed or open mode';

const USAGE = `Usage: hoptrail identity <status | secret | mode signed|open|default> [options]

  status                 the mode in force and the secret's version (never the secret)
  secret                 create the site's identity secret, or rotate it (printed once: store it in your
                         backend, which signs customer ids with it: HMAC-SHA256(secret, customerId), hex)
    --grace-hours N      how long the replaced secret still verifies (default 24; 0 after a leak)
  mode signed|open|default
                         signed: browser identifies need a valid signature; open: unsigned ones are
                         accepted (anyone can claim any customer id); default: signed once a secret exists
${COLLECTOR_USAGE}`;

export async function run(argv) {
  const args = commandArgs(argv, {
    command: 'identity',
    usage: USAGE,
    options: COLLECTOR_OPTIONS,
    subcommands: { status: {}, secret: { 'grace-hours': { type: 'string' } }, mode: {} },
    positionals: ['mode'],
  });
  if (!args) return;
  const { sub, values, positionals } = args;
  const config = collectorConfig(values, 'write');
  const base = `/v1/sites/${encodeURIComponent(config.site)}/identity`;

  if (sub === 'status') {
    const { identity } = await callCollector(config, 'GET', base);
    console.log(`Site ${config.site}: identify is ${identity.effectiveMode}${identity.mode ? '' : ' (default)'}`);
    console.log(identity.hasSecret ? `  secret version ${identity.version}, rotated ${new Date(identity.rotatedAt).toISOString()}` : '  no secret yet');
    if (identity.previousValidUntil) console.log(`  previous secret verifies until ${new Date(identity.previousValidUntil).toISOString()}`);
    return;
  }
  if (sub === 'secret') {
    const grace = values['grace-hours'];
    if (grace !== undefined && !/^\d+$/.test(grace)) throw new CliError('--grace-hours: a whole number of hours (0 to 168)');
    const body = grace === undefined ? {} : { graceHours: Number(grace) };
    const created = await callCollector(config, 'POST', `${base}/secret`, body);
    console.log(`Identity secret for ${config.site} (version ${created.version}; shown once, keep it in your backend only):\n  ${created.secret}\n`);
    console.log(`Identify is now ${created.effectiveMode}.`);
    if (created.previousValidUntil) console.log(`The previous secret verifies until ${new Date(created.previousValidUntil).toISOString()}.`);
    return;
  }
  if (sub === 'mode') {
    const mode = positionals[0];
    if (!['signed', 'open', 'default'].includes(mode)) throw new CliError(`mode: one of signed, open, default\n\n${USAGE}`);
    const { identity } = await callCollector(config, 'PUT', base, { mode: mode === 'default' ? null : mode });
    console.log(`Site ${config.site}: identify is ${identity.effectiveMode}${identity.hasSecret ? '' : ' (no secret yet)'}`);
    return;
  }
}
