#!/usr/bin/env node
// `npx hoptrail <command> …` — the Hoptrail command line (plain Node ≥ 20, no build step).
// Each command is one file in cli/commands/ exporting { summary, run(args) }, parsing its options with
// cli/lib/commandArgs.mjs (same --help and errors everywhere); add a line to COMMANDS to plug in another.
import { CliError } from './lib/cliError.mjs';

const COMMANDS = {
  deploy: () => import('./commands/deploy.mjs'),
  identity: () => import('./commands/identity.mjs'),
  keys: () => import('./commands/keys.mjs'),
  newsletter: () => import('./commands/newsletter.mjs'),
  score: () => import('./commands/score.mjs'),
  webhooks: () => import('./commands/webhooks.mjs'),
};

async function main(argv) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return printHelp();
  const load = COMMANDS[name];
  if (!load) throw new CliError(`unknown command "${name}"; try: ${Object.keys(COMMANDS).join(', ')}`);
  const command = await load();
  await command.run(rest);
}

async function printHelp() {
  const lines = ['Usage: hoptrail <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)} ${(await load()).summary}`);
  lines.push('', 'Run `hoptrail <command> --help` for its options.');
  console.log(lines.join('\n'));
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof CliError) {
    console.error(`hoptrail: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(err);
    process.exitCode = 1;
  }
});
