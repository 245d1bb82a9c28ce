import { CliError } from '../lib/cliError.mjs';
import { callCollector, collectorConfig } from '../lib/collectorClient.mjs';
import { commandArgs, COLLECTOR_OPTIONS, COLLECTOR_USAGE } from '../lib/commandArgs.mjs';

export const summary = "set up helpdesk webhooks: a site's Freshdesk token, its Zendesk signing secret";

const USAGE = `Usage:
  hoptrail webhooks list
  hoptrail webhooks freshdesk                 create (or rotate) the site's Freshdesk token; printed once
  hoptrail webhooks zendesk --secret SECRET   store (or replace) the signing secret Zendesk made for the
                                              webhook (or set ZENDESK_SIGNING_SECRET instead of --secret)
  hoptrail webhooks remove --helpdesk zendesk|freshdesk

Each site has its own credentials: Freshdesk (which does not sign) sends the token in a header, Zendesk
signs each delivery with its secret. A site without one refuses that helpdesk's webhooks (403). Rotating
retires the previous credential at once: update the helpdesk right after.

${COLLECTOR_USAGE}`;

export async function run(argv) {
  const args = commandArgs(argv, {
    command: 'webhooks',
    usage: USAGE,
    options: COLLECTOR_OPTIONS,
    subcommands: { list: {}, freshdesk: {}, zendesk: { secret: { type: 'string' } }, remove: { helpdesk: { type: 'string' } } },
  });
  if (!args) return;
  const { sub, values } = args;
  const config = collectorConfig(values, 'write');
  const base = `/v1/sites/${encodeURIComponent(config.site)}/webhooks`;
  if (sub === 'list') return list(config, base);
  if (sub === 'freshdesk') return freshdesk(config, base);
  if (sub === 'zendesk') return zendesk(config, base, values.secret ?? process.env.ZENDESK_SIGNING_SECRET);
  return remove(config, base, values.helpdesk);
}

async function list(config, base) {
  const { webhooks } = await callCollector(config, 'GET', base);
  console.table(
    webhooks.map((w) => ({
      helpdesk: w.helpdesk,
      configured: w.configured ? 'yes' : 'no',
      ends: w.hint ?? '',
      updated: w.updatedAt ? new Date(w.updatedAt).toISOString() : '',
    })),
  );
}

async function freshdesk(config, base) {
  const { token, url } = await callCollector(config, 'POST', `${base}/freshdesk/token`);
  console.log(`Created the Freshdesk webhook token of site "${config.site}". It is shown only now; any earlier one no longer works.

In Freshdesk: Admin → Automations → your rule → Action "Trigger webhook":
  Request type  POST
  URL           ${config.api}${url}
  Custom header X-Hoptrail-Token: ${token}
  Encoding      JSON, Content: Advanced (the body in collector/README.md, "Freshdesk")
`);
}

async function zendesk(config, base, secret) {
  if (!secret) throw new CliError('--secret: the signing secret Zendesk shows for the webhook is required (Admin Center → Apps and integrations → Webhooks → your webhook → Signing secret)');
  const { hint, url } = await callCollector(config, 'PUT', `${base}/zendesk/secret`, { secret });
  console.log(`Stored the Zendesk signing secret (ending ${hint}) for site "${config.site}".
The webhook's endpoint URL in Zendesk: ${config.api}${url} (POST, JSON).`);
}

async function remove(config, base, helpdesk) {
  if (helpdesk !== 'zendesk' && helpdesk !== 'freshdesk') throw new CliError('--helpdesk: must be zendesk or freshdesk');
  await callCollector(config, 'DELETE', `${base}/${helpdesk}`);
  console.log(`Removed the ${helpdesk} webhook credential of site "${config.site}": its webhooks are now refused.`);
}
