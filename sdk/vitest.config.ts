import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineProject } from 'vitest/config';

const { version } = JSON.parse(readFileSync(path.join(import.meta.dirname, '../package.json'), 'utf8'));

export default defineProject({
  // What rollup's sdk-version plugin substitutes in the build (lazy chunks' URL, lib/loadChunk.ts).
  define: { __SDK_VERSION__: JSON.stringify(version) },
  test: {
    name: 'sdk',
    root: import.meta.dirname,
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
  },
});
