import type { AlertMessage } from './alerts/consumeAlerts';
import type { RateLimitEnv } from './http/rateLimit';
import type { IngestMessage } from './queue/ingestMessage';

/** Bindings the Worker gets from wrangler.toml (and, in tests, from vitest.config). */
export interface Env extends RateLimitEnv {
  DB: D1Database;
  ASSETS: Fetcher;
  /** "off" stores browser events from bots and datacenters too (local experiments); default on. */
  BOT_FILTER?: string;
  /** HMAC key for newsletter tokens (wrangler secret; `.dev.vars` in development). */
  NEWSLETTER_SECRET?: string;
  /**
   * Seals each site's Zendesk signing secret in D1 (webhooks/sealSecret.ts): ≥ 32 characters, wrangler
   * secret; dev default in .dev.vars.example. Per-site webhook credentials themselves live in D1.
   */
  WEBHOOK_SECRETS_KEY?: string;
  /** Encrypts per-site identity secrets at rest (wrangler secret; dev default in .dev.vars.example). */
  IDENTITY_SECRETS_KEY?: string;
  /** Queue producer for ingest (`[env.queue]` in wrangler.toml). Unbound (the local default): direct D1 writes. */
  INGEST_QUEUE?: Queue<IngestMessage>;
  /** Producer for the ingest dead-letter queue, so poison messages go there without burning retries. */
  INGEST_DLQ?: Queue<unknown>;
  /**
   * Optional alert delivery queue (commented out in wrangler.toml [env.queue]): tries and retries travel as
   * (delayed) messages. Unbound (the default): first try in waitUntil, retries from the per-minute cron.
   */
  ALERT_QUEUE?: Queue<AlertMessage>;
  /** First alert retry delay in seconds (default 30, ×4 per try; alerts/retrySchedule.ts). Tests shorten it. */
  ALERT_RETRY_BASE_SECONDS?: string;
  /** "1" only under the ingest benchmarks (`--var`): POST /__bench/floor answers 200 unstored (http/benchFloor.ts). */
  BENCH_FLOOR?: string;
}

/** `keySite`: the site a Basic-auth write key belongs to (set by its route group's guard, http/basicKey.ts). */
export type AppEnv = { Bindings: Env; Variables: { keySite?: string } };
