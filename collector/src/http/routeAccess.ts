import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { mergePath } from 'hono/utils/url';
import type { AppEnv } from '../env';
import { ipHash } from '../privacy/clientHash';
import type { KeyKind } from '../store/keys';
import { enforceClientLimit } from './rateLimit';
import { authorizeBasic } from './basicKey';
import { authorize } from './requireKey';

/** Route files mounted at a base path: `['/v1/sites/:site', surveysRoute]`. */
export type Mount = readonly [base: string, routes: Hono<AppEnv>];

type Guard = (c: Context<AppEnv>) => Promise<void>;

/**
 * One app holding the given routes, each handler fused with `guard` so that the guard runs as part of
 * that handler and of no other. Protection therefore belongs to the route, not to mount order: a
 * `use('*')` guard would also run for (or be skipped by) whatever else matches the same path.
 * Middleware of a route file (`use`, e.g. CORS) is kept as it is and runs before the guard.
 */
function guarded(guard: Guard, mounts: readonly Mount[]): Hono<AppEnv> {
  const out = new Hono<AppEnv>();
  for (const [base, routes] of mounts) {
    for (const r of routes.routes) {
      const path = mergePath(base, r.path);
      const handler = r.handler as MiddlewareHandler<AppEnv>;
      if (r.method === 'ALL') out.all(path, handler);
      else
        out.on(r.method, path, async (c, next) => {
          await guard(c);
          return handler(c, next);
        });
    }
  }
  return out;
}

/** The per-client limit of public routes; a daily salt D1 cannot give (storage down) skips the limit, not the route. */
async function limitClient(c: Context<AppEnv>): Promise<void> {
  const now = Date.now();
  let key: string;
  try {
    key = await ipHash(c.env.DB, c.req.raw, now);
  } catch (err) {
    console.error('client rate limit skipped: no daily salt', err);
    return;
  }
  await enforceClientLimit(c.env, key, now);
}

/** Routes anyone may call (pages, mail clients, helpdesks): rate limited per client IP hash. */
export const publicRoutes = (mounts: readonly Mount[]) => guarded(limitClient, mounts);

/** Routes under `/v1/sites/:site` that need a key of `kind` for that site. */
export const keyRoutes = (kind: KeyKind, routes: readonly Hono<AppEnv>[]) =>
  guarded((c) => authorize(c, kind), routes.map((r) => ['/', r] as const));

/**
 * Routes whose key is the Basic auth user name and names the site itself (the Segment-compatible API:
 * no `:site` in the path, so a key can only ever write to its own site).
 */
export const basicKeyRoutes = (kind: KeyKind, mounts: readonly Mount[]) => guarded((c) => authorizeBasic(c, kind), mounts);
