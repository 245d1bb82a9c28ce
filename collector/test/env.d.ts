declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    ASSETS: Fetcher;
    NEWSLETTER_SECRET: string;
    WEBHOOK_SECRETS_KEY: string;
    /** Bound only in the collector-queue project (vitest.queue.config.ts). */
    INGEST_QUEUE?: Queue;
    INGEST_DLQ?: Queue;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    /** A real Miniflare limiter with a budget of 2 a minute (testBindings.ts). */
    RATE_LIMIT_TEST: import('../src/http/rateLimit').RateLimitBinding;
  }
}
