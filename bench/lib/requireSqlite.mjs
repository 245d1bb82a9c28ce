// better-sqlite3 for the benchmarks that measure raw SQLite (bench:ingest's ceiling, bench:capacity).
// It is not a dependency, so a plain `npm ci` compiles nothing for them: installed here on first use.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SQLITE_PACKAGE = 'better-sqlite3@12.6.2'; // the last release for Node 20

/**
 * The better-sqlite3 Database class, installing the package (without saving it) when missing.
 * BETTER_SQLITE3_PREFIX: a directory where it is already installed (`npm install --prefix DIR …`), for
 * checkouts whose node_modules is shared and must not be changed.
 */
export async function requireSqlite() {
  const prefix = process.env.BETTER_SQLITE3_PREFIX;
  if (prefix) return createRequire(path.join(path.resolve(prefix), 'package.json'))('better-sqlite3');
  try {
    return (await import('better-sqlite3')).default;
  } catch (err) {
    if (err.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  }
  console.log(`better-sqlite3 is not installed; running: npm install --no-save ${SQLITE_PACKAGE} (once; may compile, ~1 min)`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', SQLITE_PACKAGE], { cwd: root, stdio: 'inherit' });
  return (await import('better-sqlite3')).default;
}
