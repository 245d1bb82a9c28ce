import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

export default defineProject(async () => {
  const migrations = await readD1Migrations(path.join(__dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(__dirname, '../wrangler.toml') },
        miniflare: {
          // Rate limits high enough for fuzzing (botsAndLimits.test.ts sets its own low limits);
          // secrets are test-only values (production uses wrangler secrets; see .dev.vars.example).
          bindings: {
            TEST_MIGRATIONS: migrations,
            RATE_LIMIT_CLIENT_PER_MINUTE: '1000000',
            NEWSLETTER_SECRET: 'test-only-newsletter-secret-0123456789',
            ZENDESK_WEBHOOK_SECRET: 'test-zendesk-secret',
            FRESHDESK_WEBHOOK_TOKEN: 'test-freshdesk-token',
          },
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
