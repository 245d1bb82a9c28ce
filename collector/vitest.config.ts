import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';
import { testBindings, testRateLimits } from './testBindings.ts';

export default defineProject(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(import.meta.dirname, '../wrangler.toml') },
        miniflare: {
          bindings: testBindings(migrations),
          ratelimits: testRateLimits,
        },
      }),
    ],
    test: {
      name: 'collector',
      root: import.meta.dirname,
      include: ['test/**/*.test.ts'],
      // Queue-only tests run in the collector-queue project (vitest.queue.config.ts).
      exclude: ['test/ingestQueue.test.ts', 'test/alertsQueue.test.ts'],
      setupFiles: ['test/setup/applyMigrations.ts'],
      // One workerd and one D1 for every file (each file starts from empty tables: the setup file).
      isolate: false,
    },
  };
});
