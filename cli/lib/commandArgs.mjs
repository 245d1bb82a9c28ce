// The one option parser of the CLI's commands, on node:util parseArgs: every command gets the same
// `--help` / `-h` / no-subcommand usage, the same unknown-subcommand and unknown-option errors (a
// CliError: exit code 2, the message, then the command's usage), and no stack trace.
import { parseArgs } from 'node:util';
import { CliError } from './cliError.mjs';

/** The options of every command that calls the collector, and their usage line. */
export const COLLECTOR_OPTIONS = { api: { type: 'string' }, site: { type: 'string' }, key: { type: 'string' } };
export const COLLECTOR_USAGE = `  --api URL --site ID --key KEY   the collector and a write key (default: HOPTRAIL_API, HOPTRAIL_SITE,
                                  HOPTRAIL_WRITE_KEY, then the local development collector of \`npm start\`)`;

const HELP = new Set(['--help', '-h', 'help']);

/**
 * `spec`: { command: 'keys', usage, options (parseArgs options), subcommands?: string[] or
 * { name: its own options, besides `options` }, positionals?: true or the subcommands that take them }. Returns { sub, values, positionals }, or null once it has printed the usage
 * (for --help anywhere, or a command with subcommands called without one).
 */
export function commandArgs(argv, { command, usage, options = {}, subcommands, positionals = false }) {
  let args = argv;
  let sub;
  if (subcommands) {
    [sub, ...args] = argv;
    if (sub === undefined || HELP.has(sub)) return printUsage(usage);
    const names = Array.isArray(subcommands) ? subcommands : Object.keys(subcommands);
    if (sub.startsWith('-')) throw usageError(`unknown option ${sub.split('=')[0]} for "hoptrail ${command}"; a subcommand comes first: ${names.join(', ')}`, usage);
    if (!names.includes(sub)) throw usageError(`unknown subcommand "${command} ${sub}"; try: ${names.join(', ')}`, usage);
    if (!Array.isArray(subcommands)) options = { ...options, ...subcommands[sub] };
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: Array.isArray(positionals) ? positionals.includes(sub) : positionals, strict: true });
  } catch (err) {
    throw usageError(describe(err, [command, sub].filter(Boolean).join(' ')), usage);
  }
  if (parsed.values.help) return printUsage(usage);
  return { sub, values: parsed.values, positionals: parsed.positionals };
}

function printUsage(usage) {
  console.log(usage);
  return null;
}

const usageError = (message, usage) => new CliError(`${message}\n\n${usage}`);

/** parseArgs' messages, shortened where they explain node's own syntax rather than the command's. */
function describe(err, command) {
  const option = /'(-[^' ]+)/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} for "hoptrail ${command}"`;
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''} for "hoptrail ${command}"`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `${option}: ${/argument missing/.test(err.message) ? 'needs a value' : 'takes no value'}`;
  return err.message;
}
