import type { RateLimitEnv } from './http/rateLimit';

/** Bindings the Worker gets from wrangler.toml (and, in tests, from vitest.config). */
export interface Env extends RateLimitEnv {
  DB: D1Database;
  ASSETS: Fetcher;
  /** "off" stores browser events from bots and datacenters too (local experiments); default on. */
  BOT_FILTER?: string;
  /** HMAC key for newsletter tokens (wrangler secret; `.dev.vars` in development). */
  NEWSLETTER_SECRET?: string;
  /** Zendesk webhook signing secret (wrangler secret; dev default in .dev.vars.example). */
  ZENDESK_WEBHOOK_SECRET?: string;
  /** Shared token Freshdesk sends in `X-Hoptrail-Token` or `?token=` (Freshdesk does not sign). */
  FRESHDESK_WEBHOOK_TOKEN?: string;
}

export type AppEnv = { Bindings: Env };
