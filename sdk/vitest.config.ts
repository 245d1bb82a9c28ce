import { defineProject } from 'vitest/config';

export default defineProject({
  // Replaced by rollup in real builds (see rollup.config.mjs); chunk URLs in unit tests never load.
  define: { __SDK_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    name: 'sdk',
    root: __dirname,
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
  },
});
