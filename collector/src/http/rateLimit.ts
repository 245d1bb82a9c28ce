import { HTTPException } from 'hono/http-exception';

/**
 * Rate limits. Per client on every public route (keyed on the daily-salted hash of the client's IP
 * alone, so a new user agent is not a new budget), and per site on browser ingest. Deployed, the
 * Workers rate-limiting bindings (RATE_LIMIT_CLIENT, RATE_LIMIT_SITE, `[[ratelimits]]` in
 * wrangler.toml) count per Cloudflare location; when a binding is absent (tests, other runtimes) an
 * in-memory fixed window per isolate does the same job.
 */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export interface RateLimitEnv {
  RATE_LIMIT_CLIENT?: RateLimitBinding;
  RATE_LIMIT_SITE?: RateLimitBinding;
  /** Requests per minute for the in-memory fallback; strings because they come from [vars]. */
  RATE_LIMIT_CLIENT_PER_MINUTE?: string;
  RATE_LIMIT_SITE_PER_MINUTE?: string;
}

const WINDOW_MS = 60_000;
/** Fallback budgets; the deployed ones are in wrangler.toml. */
const DEFAULT_CLIENT_PER_MINUTE = 1000;
const DEFAULT_SITE_PER_MINUTE = 100_000;
const windows = new Map<string, { start: number; count: number }>();

/** In-memory fixed window: true when under the limit (and counts the request). */
function allowInMemory(key: string, perMinute: number, now: number): { ok: boolean; retryAfter: number } {
  const w = windows.get(key);
  if (!w || now - w.start >= WINDOW_MS) {
    if (windows.size > 50_000) windows.clear(); // bounded memory under a flood of distinct keys
    windows.set(key, { start: now, count: 1 });
    return { ok: true, retryAfter: 0 };
  }
  w.count++;
  return { ok: w.count <= perMinute, retryAfter: Math.ceil((w.start + WINDOW_MS - now) / 1000) };
}

async function enforce(
  binding: RateLimitBinding | undefined,
  key: string,
  perMinute: string | undefined,
  fallback: number,
  who: 'client' | 'site',
  now: number,
): Promise<void> {
  const verdict = binding
    ? { ok: (await binding.limit({ key })).success, retryAfter: 60 }
    : allowInMemory(key, Number(perMinute) || fallback, now);
  if (verdict.ok) return;
  const body = JSON.stringify({ error: `rate limit for this ${who} exceeded, retry later`, field: who });
  throw new HTTPException(429, {
    message: 'rate limited',
    res: new Response(body, {
      status: 429,
      headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(Math.max(1, verdict.retryAfter)) },
    }),
  });
}

/** Throws 429 + Retry-After when this client (its IP hash) is over its limit. */
export function enforceClientLimit(env: RateLimitEnv, ipHash: string, now: number): Promise<void> {
  return enforce(env.RATE_LIMIT_CLIENT, `c:${ipHash}`, env.RATE_LIMIT_CLIENT_PER_MINUTE, DEFAULT_CLIENT_PER_MINUTE, 'client', now);
}

/** Throws 429 + Retry-After when the site as a whole is over its limit. */
export function enforceSiteLimit(env: RateLimitEnv, site: string, now: number): Promise<void> {
  return enforce(env.RATE_LIMIT_SITE, `s:${site}`, env.RATE_LIMIT_SITE_PER_MINUTE, DEFAULT_SITE_PER_MINUTE, 'site', now);
}

/** Forgets in-memory windows (tests). */
export function resetRateLimits(): void {
  windows.clear();
}
