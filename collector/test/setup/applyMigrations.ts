import { applyD1Migrations, env } from 'cloudflare:test';

// The same numbered migrations `npm start` applies. Storage is isolated per test file.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
