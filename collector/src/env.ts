/** Bindings the Worker gets from wrangler.toml (and, in tests, from vitest.config). */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
}

export type AppEnv = { Bindings: Env };
