import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sdkBuildId } from '../../scripts/sdkBuildId.mjs';

// Budgets live in package.json ("sizeBudgets": gzip bytes per built file). `npm test` builds
// first, so these read what a page would download.
const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// Lazy chunks live under dist/sdk/<build id>/; budgets name them as dist/sdk/{build}/<name>.js. The id
// (12 hex digits, in the core and in extras) compresses a few bytes differently from build to build, so
// those two budgets keep that much room above the measured size.
const build = sdkBuildId();
const budgets: Record<string, number> = Object.fromEntries(
  Object.entries(pkg.sizeBudgets as Record<string, number>).map(([file, bytes]) => [file.replace('{build}', build), bytes]),
);

describe('SDK size budgets (gzip bytes)', () => {
  for (const [file, budget] of Object.entries(budgets)) {
    it(`${file} stays within ${budget} bytes gzip`, () => {
      const source = readFileSync(path.join(root, file));
      const gzip = gzipSync(source, { level: 9 }).byteLength;
      const brotli = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength;
      console.log(`${file}: ${source.byteLength} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${budget} B gzip)`);
      expect(gzip).toBeLessThanOrEqual(budget);
    });
  }
});
