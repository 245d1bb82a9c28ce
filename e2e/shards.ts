import { defineProject } from 'vitest/config';

/**
 * The e2e files in three shards, each its own vitest project with its own collector (globalSetup), so
 * a run of one shard (`npx vitest run --project e2e-sdk`) starts only what it needs, and a survey one
 * shard publishes never pops up on another shard's pages. Files run one at a time: one collector, one
 * browser. `npm test` runs two shards beside the other projects and the third after them (scripts/test.mjs).
 * A new file lands in `e2e` unless named here.
 */
export const SHARDS = {
  'e2e-sdk': ['sdk-*.test.ts', 'engines-firefox.test.ts', 'vocabulary.test.ts', 'chat.test.ts'],
  'e2e-surveys': ['surveys-*.test.ts', 'hostedSurvey.test.ts', 'keysCli.test.ts', 'newsletterCli.test.ts', 'segment-analytics-node.test.ts'],
} as const;

// WebKit needs a display and its own install: `npm run test:webkit` (vitest.webkit.config.ts).
const NOT_HERE = ['**/node_modules/**', 'engines-webkit.test.ts'];

export function e2eProject(name: 'e2e' | keyof typeof SHARDS) {
  const include = name === 'e2e' ? ['**/*.test.ts'] : [...SHARDS[name]];
  const exclude = name === 'e2e' ? [...NOT_HERE, ...Object.values(SHARDS).flat()] : NOT_HERE;
  return defineProject({
    test: {
      name,
      root: import.meta.dirname,
      environment: 'node',
      include,
      exclude,
      globalSetup: ['setup/startCollector.ts'],
      setupFiles: ['setup/closeChromium.ts'],
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
}
