/**
 * Bindings every collector test project gives the Worker (vitest.config.ts, vitest.queue.config.ts).
 * Rate limits high enough for fuzzing (botsAndLimits.test.ts sets its own low limits); secrets are
 * test-only values (production uses wrangler secrets; see .dev.vars.example).
 */
export const testBindings = (migrations: unknown) => ({
  TEST_MIGRATIONS: migrations,
  RATE_LIMIT_CLIENT_PER_MINUTE: '1000000',
  NEWSLETTER_SECRET: 'test-only-newsletter-secret-0123456789',
  ZENDESK_WEBHOOK_SECRET: 'test-zendesk-secret',
  FRESHDESK_WEBHOOK_TOKEN: 'test-freshdesk-token',
  IDENTITY_SECRETS_KEY: 'test-only-identity-secrets-key-0123456789',
});
