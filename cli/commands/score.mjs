import { callCollector, collectorConfig } from '../lib/collectorClient.mjs';
import { commandArgs, COLLECTOR_OPTIONS, COLLECTOR_USAGE } from '../lib/commandArgs.mjs';

export const summary = "Happy Index: rebuild a site's score state from its whole history";

const USAGE = `Usage:
  hoptrail score recompute    rebuild the site's score state from every stored event, with the model in
                              force: after changing half-lives or weights (PUT /v1/sites/:site/scores/config)
                              or after a migration that asks for it (collector/README.md, "Upgrading")

${COLLECTOR_USAGE}`;

export async function run(argv) {
  const args = commandArgs(argv, { command: 'score', usage: USAGE, subcommands: { recompute: COLLECTOR_OPTIONS } });
  if (!args) return;
  const config = collectorConfig(args.values, 'write');
  const started = Date.now();
  const result = await callCollector(config, 'POST', `/v1/sites/${encodeURIComponent(config.site)}/scores/recompute`);
  console.log(`site ${config.site}: ${result.events} events, ${result.observations} observations, ${Date.now() - started} ms`);
}
