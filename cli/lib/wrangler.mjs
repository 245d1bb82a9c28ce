import { execFileSync } from 'node:child_process';
import { CliError } from './cliError.mjs';

/** The environment every wrangler call gets: no metrics; offline calls also skip Cloudflare's fetches. */
export const wranglerEnv = (offline) => ({
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  ...(offline ? { CLOUDFLARE_CF_FETCH_ENABLED: 'false' } : {}),
});

/**
 * Runs `npx wrangler …` and returns what it printed. `input` goes to its standard input; `offline`
 * for calls that must not reach Cloudflare. A failure becomes a CliError with wrangler's last lines.
 */
export function wrangler(args, { input, offline = false, cwd } = {}) {
  try {
    return execFileSync('npx', ['wrangler', ...args], {
      cwd,
      env: wranglerEnv(offline),
      encoding: 'utf8',
      input,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const said = (err.stderr || err.stdout || err.message).toString().trim().split('\n').slice(-4).join(' ');
    throw new CliError(`wrangler ${args.slice(0, 3).join(' ')} failed: ${said}`);
  }
}

/** Runs SQL with `wrangler d1 execute` and returns the rows of its last statement. `file`: SQL from a file instead. */
export function d1Execute(sql, { where, config, file, env = [] } = {}) {
  const source = file ? ['--file', file] : ['--command', sql];
  const out = wrangler(['d1', 'execute', 'DB', ...where, ...(config ? ['--config', config] : []), ...env, '--json', ...source], {
    offline: !where.includes('--remote'),
  });
  const results = JSON.parse(out);
  return results[results.length - 1]?.results ?? [];
}
