import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { checkKey, type KeyKind } from '../store/keys';
import { fail, notFound } from './errors';

/**
 * Guards `/v1/sites/:site/*`: `Authorization: Bearer KEY` must be a live key of `kind` for that site.
 * No key or an unknown key: 401. A key of another site: 404, the same answer as a site that does not
 * exist, so keys cannot be used to discover sites.
 */
export const requireKey = (kind: KeyKind) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const site = c.req.param('site');
    if (!site) return notFound('site');
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) fail(401, `authorization: a ${kind} key is required as "Bearer KEY"`, 'authorization');
    const verdict = await checkKey(c.env.DB, site, kind, match[1]);
    if (verdict === 'other-site') notFound('site');
    if (verdict === 'invalid') fail(401, `authorization: not a valid ${kind} key`, 'authorization');
    await next();
  });
