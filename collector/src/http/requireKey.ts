import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { checkKey, type KeyKind } from '../store/keys';
import { fail, notFound } from './errors';

/**
 * `Authorization: Bearer KEY` must be a live key of `kind` for the `:site` of the path. No key or an
 * unknown key: 401. A key of another site: 404, the same answer as a site that does not exist, so keys
 * cannot be used to discover sites. Routes get this from their group in index.ts (http/routeAccess.ts),
 * not by calling it themselves.
 */
export async function authorize(c: Context<AppEnv>, kind: KeyKind): Promise<void> {
  const site = c.req.param('site');
  if (!site) notFound('site');
  const key = presentedKey(c);
  if (!key) fail(401, `authorization: a ${kind} key is required as "Bearer KEY"`, 'authorization');
  const verdict = await checkKey(c.env.DB, site, kind, key);
  if (verdict === 'other-site') notFound('site');
  if (verdict === 'invalid') fail(401, `authorization: not a valid ${kind} key`, 'authorization');
}

/** The key of `Authorization: Bearer KEY`, or null. */
export function presentedKey(c: Context<AppEnv>): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? null;
}

/** authorize() as middleware, for a route that must check a key outside the route groups. */
export const requireKey = (kind: KeyKind) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await authorize(c, kind);
    await next();
  });
