// A throwaway copy of wrangler.toml for bench:queue in which the ingest queue delivers each message
// `delaySeconds` after it was sent (the producer's `delivery_delay`): the acknowledgement can then be
// measured while the consumer is not running, on the same Worker, queue and D1 as `--env queue`.
// Written to a temp directory with absolute paths; the repository's wrangler.toml is never changed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PRODUCER = 'binding = "INGEST_QUEUE"\nqueue = "hoptrail-ingest"\n';

/** Returns { config, cleanup }: the path of the variant wrangler.toml, and a function removing it. */
export function heldQueueConfig(delaySeconds) {
  let toml = readFileSync(path.join(root, 'wrangler.toml'), 'utf8');
  if (!toml.includes(PRODUCER)) throw new Error(`wrangler.toml: no ingest producer written as ${JSON.stringify(PRODUCER)}; update bench/lib/heldQueueConfig.mjs`);
  toml = toml.replace(PRODUCER, `${PRODUCER}delivery_delay = ${delaySeconds}\n`);
  // Paths in a wrangler config are relative to the file: make them absolute for the temp directory.
  toml = toml.replace(/^(main|directory|migrations_dir) = "([^"]+)"$/gm, (_, key, rel) => `${key} = ${JSON.stringify(path.resolve(root, rel))}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'hoptrail-bench-config-'));
  const config = path.join(dir, 'wrangler.toml');
  writeFileSync(config, toml);
  return { config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
