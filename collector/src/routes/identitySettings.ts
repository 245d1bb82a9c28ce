import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { durably, fail } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { effectiveMode } from '../identity/identityPolicy';
import { newIdentitySecret } from '../identity/identitySignature';
import { seal } from '../identity/secretBox';
import { parseOr400 } from '../schema/parse';
import { getIdentitySettings, putIdentityMode, rotateIdentitySecret } from '../store/identitySettings';

/**
 * Signed identify, per site (write key on every route): the mode, and the identity secret the site's
 * backend signs customer ids with. The secret is shown once, when created or rotated.
 */
export const identitySettingsRoute = new Hono<AppEnv>();

export const identityModeSchema = z.strictObject({
  /** signed: browser identifies need a valid signature; open: unsigned ones are accepted (spoofable); null: default. */
  mode: z.nullable(z.enum(['signed', 'open'])),
});

export const rotateSecretSchema = z.strictObject({
  /** How long the replaced secret still verifies (pages already served carry its signatures); 0 after a leak. */
  graceHours: z._default(z.number().check(z.int(), z.gte(0), z.lte(168)), 24),
});

const HOUR = 3_600_000;

// GET /v1/sites/:site/identity — the mode in force and the secret's version (never the secret).
identitySettingsRoute.get('/identity', async (c) => {
  const row = await getIdentitySettings(c.env.DB, c.req.param('site')!);
  return c.json({
    identity: {
      mode: row?.mode ?? null,
      effectiveMode: effectiveMode(row),
      hasSecret: !!row?.secret,
      version: row?.version ?? 0,
      rotatedAt: row?.rotated_at ?? null,
      previousValidUntil: row?.previous_until && row.previous_until > Date.now() ? row.previous_until : null,
    },
  });
});

// PUT /v1/sites/:site/identity { mode } — choose signed or open (null: signed once a secret exists).
identitySettingsRoute.put('/identity', async (c) => {
  const site = c.req.param('site')!;
  const { mode } = parseOr400(identityModeSchema, await readJsonBody(c.req.raw, 1024));
  await durably(() => putIdentityMode(c.env.DB, site, mode, Date.now()));
  const row = await getIdentitySettings(c.env.DB, site);
  return c.json({ identity: { mode, effectiveMode: effectiveMode(row), hasSecret: !!row?.secret } });
});

// POST /v1/sites/:site/identity/secret { graceHours? } — create or rotate the secret; 201 with it, once.
identitySettingsRoute.post('/identity/secret', async (c) => {
  const site = c.req.param('site')!;
  // Without the Worker secret nothing could be sealed (or verified later): say so, store nothing.
  if ((c.env.IDENTITY_SECRETS_KEY ?? '').length < 16) fail(503, 'IDENTITY_SECRETS_KEY: not configured on the collector (wrangler secret put IDENTITY_SECRETS_KEY)', 'IDENTITY_SECRETS_KEY');
  const hasBody = c.req.raw.body !== null && c.req.header('content-length') !== '0';
  const { graceHours } = parseOr400(rotateSecretSchema, hasBody ? await readJsonBody(c.req.raw, 1024) : {});
  const secret = newIdentitySecret();
  const sealed = await seal(c.env.IDENTITY_SECRETS_KEY, site, secret);
  const now = Date.now();
  const row = await durably(() => rotateIdentitySecret(c.env.DB, site, sealed, now + graceHours * HOUR, now));
  const settings = await getIdentitySettings(c.env.DB, site);
  return c.json(
    { secret, version: row!.version, previousValidUntil: row!.previous_until, effectiveMode: effectiveMode(settings) },
    201,
  );
});
