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
          bindings: {
            TEST_MIGRATIONS: migrations,
            // Helpdesk webhook secrets for the tests only (see .dev.vars.example for local development).
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
      setupFiles: ['test/setup/applyMigrations.ts'],
    },
  };
});
