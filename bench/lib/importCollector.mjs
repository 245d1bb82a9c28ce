// The collector's own TypeScript modules, bundled for Node with esbuild and imported, so a benchmark runs
// the Worker's statements (on better-sqlite3 through d1OverSqlite) instead of a copy of them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `exports`: [names, file under collector/src] pairs; resolves with the module holding them all. */
export async function importCollector(exports) {
  const contents = exports.map(([names, file]) => `export { ${names.join(', ')} } from ${JSON.stringify(path.join(root, 'collector/src', file))};`).join('\n');
  const out = await build({ stdin: { contents, resolveDir: root, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'error' });
  const dir = mkdtempSync(path.join(tmpdir(), 'hoptrail-collector-'));
  try {
    const file = path.join(dir, 'collector.mjs');
    writeFileSync(file, out.outputFiles[0].text);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
