/**
 * Bindings every collector test project gives the Worker (vitest.config.ts, vitest.queue.config.ts).
 * Rate limits high enough for fuzzing (botsAndLimits.test.ts sets its own low limits); secrets are
 * test-only values (production uses wrangler secrets; see .dev.vars.example).
 */
export const testBindings = (migrations: unknown) => ({
  TEST_MIGRATIONS: migrations,
  RATE_LIMIT_CLIENT_PER_MINUTE: '1000000',
  NEWSLETTER_SECRET: 'test-only-newsletter-secret-0123456789',
  WEBHOOK_SECRETS_KEY: 'test-only-webhook-secrets-key-0123456789',
  IDENTITY_SECRETS_KEY: 'test-only-identity-secrets-key-0123456789',
});

/**
 * Rate-limit bindings in tests: the real Miniflare limiter, with budgets high enough for fuzzing (every
 * test request comes from the same address), and RATE_LIMIT_TEST with a tiny budget, which
 * test/routeAccess.test.ts passes as RATE_LIMIT_CLIENT to see public routes answer 429.
 */
export const testRateLimits = {
  RATE_LIMIT_CLIENT: { simple: { limit: 1_000_000, period: 60 } },
  RATE_LIMIT_SITE: { simple: { limit: 1_000_000, period: 60 } },
  RATE_LIMIT_TEST: { simple: { limit: 2, period: 60 } },
};
