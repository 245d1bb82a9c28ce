/** Bindings the Worker gets from wrangler.toml (and, in tests, from vitest.config). */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  /** HMAC key for newsletter tokens (wrangler secret; `.dev.vars` in development). */
  NEWSLETTER_SECRET?: string;
}

export type AppEnv = { Bindings: Env };
