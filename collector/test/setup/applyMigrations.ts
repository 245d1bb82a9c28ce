import { applyD1Migrations, env } from 'cloudflare:test';

// All test files share one isolate and one D1 (isolate: false in vitest.config.ts: starting workerd
// per file cost more than the tests). The numbered migrations `npm start` applies run once; every file
// then starts from empty tables, as on a fresh database. Module-level caches (sites, settings, the
// daily salt) live on across files, as in a warm isolate: each file uses its own site ids.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
const { results: tables } = await env.DB.prepare(
  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
).all<{ name: string }>();
// Deferred: rows are deleted in any order, and the foreign keys hold again at commit.
await env.DB.batch([env.DB.prepare('PRAGMA defer_foreign_keys = true'), ...tables.map(({ name }) => env.DB.prepare(`DELETE FROM "${name}"`))]);
