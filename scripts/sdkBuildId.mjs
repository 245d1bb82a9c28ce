// The id in the lazy chunks' URL (/sdk/<id>/<name>.js): a hash of everything a build of the SDK is
// made from (its sources, the shared schema it imports, the build config and the locked dependencies),
// so a change to any chunk gives every chunk a new URL and returning browsers, which cache chunks as
// immutable for a year, never run a stale one. Computed before the build: chunks load each other, so
// a hash of their output would have to contain itself.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_INPUTS = ['sdk/src', 'collector/src/schema', 'rollup.config.mjs', 'scripts/lib/rollupTranspileTs.mjs', 'package-lock.json'];

export function sdkBuildId(root = repoRoot) {
  const hash = createHash('sha256');
  const add = (rel) => {
    const full = path.join(root, rel);
    if (statSync(full).isDirectory()) for (const name of readdirSync(full).sort()) add(path.join(rel, name));
    else hash.update(`${rel.split(path.sep).join('/')}\0`).update(readFileSync(full)).update('\0');
  };
  BUILD_INPUTS.forEach(add);
  return hash.digest('hex').slice(0, 12);
}
