import { defineConfig } from 'vitest/config';

// Four projects, one `npm test`: SDK units (happy-dom), collector in the real Workers runtime with
// real D1 (and its ingest tests again through a real Miniflare queue: collector-queue), and end to
// end in real headless Chromium against `wrangler dev`.
export default defineConfig({
  test: {
    projects: ['sdk/vitest.config.ts', 'collector/vitest.config.ts', 'collector/vitest.queue.config.ts', 'e2e/vitest.config.ts', 'test/vitest.config.ts'],
    reporters: ['default', './scripts/plainSummaryReporter.mjs'],
  },
});
