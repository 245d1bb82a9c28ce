import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { fail } from '../http/errors';
import { ingestCors } from '../http/ingestCors';
import { readJsonBody } from '../http/readBody';
import { attributeLanding, NEWSLETTER_SESSION_PREFIX } from '../acquisition/newsletterSessions';
import { durably } from '../http/errors';
import { ingest } from '../ingest/ingest';
import { newsletterKey } from '../newsletter/newsletterKey';
import { shortHash } from '../newsletter/shortHash';
import { verifyIdentity } from '../newsletter/tokens';
import { recipientOfRef } from '../store/newsletters';
import { idSchema, siteSchema, type HoptrailEvent } from '../schema/event';
import { parseOr400 } from '../schema/parse';

export const landingSchema = z.object({ site: siteSchema, visitorId: idSchema, token: z.string().check(z.minLength(1), z.maxLength(600)) });

/**
 * POST /v1/landing — the SDK found the signed identity parameter a newsletter click added
 * to the page address. Only a valid, unexpired token for this site identifies the browser's visitor as
 * the recipient (an `identify` event through the one ingest path); a customer id in a URL is never
 * trusted on its own. The token names the recipient by ref, resolved here from the campaign's
 * recipients (legacy tokens, issued for at most 15 minutes before refs, carry the id).
 */
export const newsletterLandingRoute = new Hono<AppEnv>();
newsletterLandingRoute.use('*', ingestCors);
newsletterLandingRoute.post('/', async (c) => {
  const now = Date.now();
  const raw = await readJsonBody(c.req.raw, 4096);
  // The SDK sends `[site, visitorId, token]` (bytes matter in the script tag); objects work too.
  const body = parseOr400(landingSchema, Array.isArray(raw) ? { site: raw[0], visitorId: raw[1], token: raw[2] } : raw);
  const verdict = await verifyIdentity(await newsletterKey(c.env.NEWSLETTER_SECRET), body.token, now);
  if (!verdict.ok) fail(400, `token: ${verdict.reason}`, 'token');
  if (verdict.claims.site !== body.site) fail(400, 'token: signed for another site', 'token');
  const { who, campaign } = verdict.claims;
  const recipient = 'id' in who ? who.id : await recipientOfRef(c.env.DB, body.site, campaign, who.ref);
  if (recipient === null) fail(400, 'token: names no recipient of this campaign', 'token');
  const event = {
    // The event id derives from the token alone, so a token identifies one browser only: a copy that
    // leaks (a Referer sent before the SDK cleaned the address, a shared URL) stores a duplicate, no link.
    id: `nl-${await shortHash(body.token)}`,
    site: body.site,
    type: 'identify',
    visitorId: body.visitorId,
    sessionId: `${NEWSLETTER_SESSION_PREFIX}${campaign}`,
    seq: 0,
    ts: now,
    props: { customerId: recipient },
  } as HoptrailEvent;
  const result = await ingest(c.env, { kind: 'click', site: body.site, receivedAt: now }, [event]);
  if (result.refused.length) fail(400, result.refused[0].message, result.refused[0].field);
  // The page view may have come first: its session, direct so far, belongs to the campaign.
  if ('stored' in result && result.stored > 0) await durably(() => attributeLanding(c.env.DB, body.site, body.visitorId, campaign, now));
  return c.json({ identified: 'stored' in result && result.stored > 0 });
});
