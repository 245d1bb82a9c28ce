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
          // Rate limits high enough for fuzzing; rateLimit.test.ts sets its own low limits.
          bindings: { TEST_MIGRATIONS: migrations, RATE_LIMIT_CLIENT_PER_MINUTE: '1000000' },
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
