// The one argument parser of the benchmarks and dev scripts, on node:util parseArgs: typed options
// with defaults, unknown options refused, and `--help` printing the usage and every option.
import { parseArgs } from 'node:util';

/**
 * `options`: { name: { type: 'string' | 'number' | 'boolean', default?, help } }. Numbers are given
 * as strings and converted here (a non-number is refused). Returns the values by option name.
 */
export function benchArgs(usage, options, argv = process.argv.slice(2)) {
  const spec = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(options)) spec[name] = { type: o.type === 'boolean' ? 'boolean' : 'string' };
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: spec, allowPositionals: false, strict: true }));
  } catch (err) {
    console.error(`${err.message}\n\n${helpText(usage, options)}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(helpText(usage, options));
    process.exit(0);
  }
  const out = {};
  for (const [name, o] of Object.entries(options)) {
    const raw = values[name];
    if (raw === undefined) out[name] = o.default;
    else if (o.type === 'number') {
      out[name] = Number(raw);
      if (!Number.isFinite(out[name])) {
        console.error(`--${name} must be a number, got "${raw}"`);
        process.exit(2);
      }
    } else out[name] = raw;
  }
  return out;
}

function helpText(usage, options) {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = o.type === 'boolean' ? `--${name}` : `--${name} <${o.type === 'number' ? 'n' : 'value'}>`;
    const def = o.default === undefined || o.type === 'boolean' ? '' : ` (default ${o.default})`;
    return `  ${flag.padEnd(26)} ${o.help}${def}`;
  });
  return `${usage}\n\nOptions:\n${rows.join('\n')}\n  ${'--help'.padEnd(26)} this text`;
}
