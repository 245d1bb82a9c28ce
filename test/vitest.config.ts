import { defineProject } from 'vitest/config';

// Repository checks in plain Node: the docs' links and paths, the deploy command's dry run, the SDK
// package as npm packs it. No collector, no browser: they run beside the other projects.
export default defineProject({
  test: {
    name: 'repo',
    root: import.meta.dirname,
    environment: 'node',
    include: ['**/*.test.ts'],
  },
});
