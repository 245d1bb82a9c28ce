import { defineConfig } from 'vitest/config';

// WebKit runs on its own (`npm run test:webkit`, under xvfb-run): Debian's webkit2gtk-driver takes
// minutes to install, too long for every CI run. Same collector setup and limits as the e2e project.
export default defineConfig({
  test: {
    name: 'e2e-webkit',
    root: import.meta.dirname,
    environment: 'node',
    include: ['engines-webkit.test.ts'],
    globalSetup: ['setup/startCollector.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
