import { defineConfig } from 'vitest/config';

// Five projects, one `npm test`: SDK units (happy-dom), collector in the real Workers runtime with
// real D1 (and its ingest tests again through a real Miniflare queue: collector-queue), end to end in
// real headless browsers against `wrangler dev` (three shards: e2e/shards.ts), and repository checks in Node (docs, deploy, package).
export default defineConfig({
  test: {
    projects: ['sdk/vitest.config.ts', 'collector/vitest.config.ts', 'collector/vitest.queue.config.ts', 'e2e/vitest.config.ts', 'e2e/vitest.sdk.config.ts', 'e2e/vitest.surveys.config.ts', 'test/vitest.config.ts'],
    reporters: ['default', './scripts/plainSummaryReporter.mjs'],
  },
});
