import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';
import { testBindings } from './testBindings';

export default defineProject(async () => {
  const migrations = await readD1Migrations(path.join(__dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(__dirname, '../wrangler.toml') },
        miniflare: {
          bindings: testBindings(migrations),
        },
      }),
    ],
    test: {
      name: 'collector',
      root: __dirname,
      include: ['test/**/*.test.ts'],
      // Queue-only tests run in the collector-queue project (vitest.queue.config.ts).
      exclude: ['test/ingestQueue.test.ts'],
      setupFiles: ['test/setup/applyMigrations.ts'],
    },
  };
});
