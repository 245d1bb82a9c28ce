import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { siteOfKey, type KeyKind } from '../store/keys';
import { fail } from './errors';

/**
 * `Authorization: Basic base64(KEY:)`, the way Segment's libraries send their write key (user name,
 * empty password). The key names its site, so the path does not: the site is put in `keySite` for the
 * handler. No key, a malformed header or an unknown or revoked key: 401. Routes get this from their
 * group in index.ts (http/routeAccess.ts), not by calling it themselves.
 */
export async function authorizeBasic(c: Context<AppEnv>, kind: KeyKind): Promise<void> {
  const header = c.req.header('authorization') ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  const required = `authorization: a ${kind} key is required as Basic auth user name ("Basic base64(KEY:)")`;
  if (!match) fail(401, required, 'authorization');
  let decoded: string;
  try {
    decoded = atob(match[1].replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return fail(401, required, 'authorization');
  }
  const key = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
  if (!key) fail(401, required, 'authorization');
  const site = await siteOfKey(c.env.DB, kind, key);
  if (!site) fail(401, `authorization: not a valid ${kind} key`, 'authorization');
  c.set('keySite', site);
}
