import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { durably, fail } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { presentedKey } from '../http/requireKey';
import { sha256Hex } from '../lib/hash';
import { parseOr400 } from '../schema/parse';
import { issueKey, listKeys, LIVE_KEYS_MAX, revokeKey } from '../store/keys';

/**
 * A site's API keys, managed with one of its write keys (`hoptrail keys` calls these). A new key is
 * shown once; lists never carry a key or its hash. The first write key of a site comes from
 * `hoptrail keys bootstrap` (SQL on the database), since no key exists yet to call this with.
 */
export const apiKeysRoute = new Hono<AppEnv>();

export const createKeySchema = z.strictObject({
  /** read: reads the site's data; write: server events, settings, keys. A write key cannot read. */
  kind: z.enum(['read', 'write']),
  /** What the key is for (who holds it), shown in lists. */
  label: z._default(z.string().check(z.trim(), z.maxLength(100)), ''),
});

// GET /v1/sites/:site/keys — every key of the site, live and revoked; `current` marks the caller's.
apiKeysRoute.get('/keys', async (c) => {
  const keys = await listKeys(c.env.DB, c.req.param('site')!, await sha256Hex(presentedKey(c) ?? ''));
  return c.json({ keys });
});

// POST /v1/sites/:site/keys { kind, label? } — a new key, in the answer only (201).
apiKeysRoute.post('/keys', async (c) => {
  const { kind, label } = parseOr400(createKeySchema, await readJsonBody(c.req.raw, 1024));
  const created = await durably(() => issueKey(c.env.DB, c.req.param('site')!, kind, label));
  if (!created) fail(409, `kind: the site already has ${LIVE_KEYS_MAX} live keys; revoke one first`, 'kind');
  return c.json(created, 201);
});

// DELETE /v1/sites/:site/keys/:id — revoke a key (it gets 401 from then on); it stays listed as revoked.
apiKeysRoute.delete('/keys/:id', async (c) => {
  const outcome = await durably(() => revokeKey(c.env.DB, c.req.param('site')!, c.req.param('id')));
  if ('revoked' in outcome) return c.json({ key: outcome.revoked });
  if (outcome.refused === 'last-write-key') {
    fail(409, "id: this is the site's last live write key; create another write key before revoking it", 'id');
  }
  return fail(404, 'id: no live key of this site has this id', 'id');
});
