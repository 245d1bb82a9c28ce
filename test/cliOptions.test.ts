import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Every command parses its options with cli/lib/commandArgs.mjs: --help, a missing or unknown
// subcommand and an unknown option look the same everywhere, exit 2 on a mistake, and never reach the
// collector (HOPTRAIL_API points nowhere).
const root = path.resolve(__dirname, '..');
const run = promisify(execFile);

async function hoptrail(...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', ['cli/hoptrail.mjs', ...args], { cwd: root, env: { ...process.env, HOPTRAIL_API: 'http://127.0.0.1:9' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// [command, a subcommand of it (none for deploy), its subcommands as the error lists them]
const COMMANDS = [
  ['deploy', undefined, undefined],
  ['identity', 'status', 'status, secret, mode'],
  ['keys', 'create', 'create, list, revoke, bootstrap'],
  ['newsletter', 'prepare', 'prepare'],
  ['score', 'recompute', 'recompute'],
  ['webhooks', 'list', 'list, freshdesk, zendesk, remove'],
] as const;

describe('hoptrail commands share one option parser', () => {
  it.each(COMMANDS)('%s: --help prints its usage and exits 0', async (command, sub) => {
    const help = await hoptrail(command, ...(sub ? [sub] : []), '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:/);
    expect(help.stdout).toContain(`hoptrail ${command}`);
    expect((await hoptrail(command, ...(sub ? [sub] : []), '-h')).stdout).toBe(help.stdout);
  });

  it.each(COMMANDS)('%s: an unknown option is refused with exit 2, its name, and the usage', async (command, sub) => {
    const usage = (await hoptrail(command, '--help')).stdout;
    const where = sub ? `${command} ${sub}` : command;
    const refused = await hoptrail(command, ...(sub ? [sub] : []), '--bogus', 'x');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(`hoptrail: unknown option --bogus for "hoptrail ${where}"\n\n${usage}`);
  });

  it.each(COMMANDS.filter(([, sub]) => sub))('%s: no subcommand prints the usage; an unknown one is refused naming the known ones', async (command, _sub, subs) => {
    const usage = await hoptrail(command);
    expect(usage.code).toBe(0);
    expect(usage.stdout).toMatch(/^Usage:/);
    const refused = await hoptrail(command, 'frobnicate');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`hoptrail: unknown subcommand "${command} frobnicate"; try: ${subs}\n\n${usage.stdout}`);
  });

  it('an option without its value names the option', async () => {
    const refused = await hoptrail('keys', 'create', '--kind');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^hoptrail: --kind: needs a value\n\nUsage:/);
  });

  it('a stray argument is refused, except where the subcommand takes one', async () => {
    const refused = await hoptrail('identity', 'status', 'signed');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^hoptrail: unexpected argument signed for "hoptrail identity status"\n\nUsage:/);
    expect((await hoptrail('identity', 'mode', 'sometimes')).stderr).toMatch(/^hoptrail: mode: one of signed, open, default/);
  });
});
