/** Bindings the Worker gets from wrangler.toml (and, in tests, from vitest.config). */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  /** Zendesk webhook signing secret (wrangler secret; dev default in .dev.vars.example). */
  ZENDESK_WEBHOOK_SECRET?: string;
  /** Shared token Freshdesk sends in `X-Hoptrail-Token` or `?token=` (Freshdesk does not sign). */
  FRESHDESK_WEBHOOK_TOKEN?: string;
}

export type AppEnv = { Bindings: Env };
