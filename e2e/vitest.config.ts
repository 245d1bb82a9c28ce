import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    environment: 'node',
    include: ['**/*.test.ts'],
    // WebKit needs a display and its own install: `npm run test:webkit` (vitest.webkit.config.ts).
    exclude: ['**/node_modules/**', 'engines-webkit.test.ts'],
    globalSetup: ['setup/startCollector.ts'],
    // One collector and one Chromium at a time: the machine has two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
