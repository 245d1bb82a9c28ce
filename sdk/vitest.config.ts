import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sdk',
    root: __dirname,
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
  },
});
