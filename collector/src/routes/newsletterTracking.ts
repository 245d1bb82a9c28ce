import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { classifyRequest } from '../newsletter/classifyRequest';
import { recordNewsletterEvent } from '../newsletter/recordNewsletterEvent';
import { safeDestination } from '../newsletter/safeDestination';
import { signingKey } from '../newsletter/signingKey';
import { OPEN_LINK_ID, signIdentity, verifyTracking, type TrackingClaims } from '../newsletter/tokens';
import { getCampaign, getLinkUrl, type Campaign } from '../store/newsletters';

/**
 * The URLs inside prepared newsletters: `GET /o/:token` (open pixel) and `GET /c/:token` (tracked
 * click). Tokens are checked before anything is stored; HEAD requests (link scanners) store nothing.
 */
export const newsletterTrackingRoute = new Hono<AppEnv>();

/** The query parameter that carries the signed identity to the landing page (read by the SDK). */
export const IDENTITY_PARAM = 'ht_nl';
/** How long a landing identity is good for: the page loads right after the click. */
const IDENTITY_TTL_S = 15 * 60;

// The classic 1×1 transparent GIF89a (43 bytes): two-colour palette, index 0 transparent.
const GIF = Uint8Array.from(
  atob('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='),
  (ch) => ch.charCodeAt(0),
);
const NO_CACHE = {
  'cache-control': 'no-store, no-cache, must-revalidate, private, max-age=0',
  pragma: 'no-cache',
  expires: '0',
};

newsletterTrackingRoute.get('/o/:token', async (c) => {
  const gif = () =>
    new Response(c.req.raw.method === 'HEAD' ? null : GIF, {
      headers: { 'content-type': 'image/gif', 'content-length': String(GIF.byteLength), ...NO_CACHE },
    });
  if (c.req.raw.method === 'HEAD') return gif();
  const now = Date.now();
  const found = await resolve(c, now);
  // Forged, expired, unknown: still a transparent image (never a broken one in the mail), nothing stored.
  if (found && found.claims.linkId === OPEN_LINK_ID) {
    await recordNewsletterEvent(c.env, found.claims, classify(c, found.campaign, now), now);
  }
  return gif();
});

newsletterTrackingRoute.get('/c/:token', async (c) => {
  const now = Date.now();
  const found = await resolve(c, now);
  if (!found || found.claims.linkId === OPEN_LINK_ID) return notALink();
  const { claims, campaign } = found;
  const stored = await getLinkUrl(c.env.DB, claims.site, claims.campaign, claims.linkId);
  // Checked again on the way out: only a prepared http(s) destination is ever a redirect target.
  const dest = stored === null ? null : safeDestination(stored);
  if (!dest?.ok) return notALink();
  const location = new URL(dest.url);
  if (c.req.raw.method !== 'HEAD') {
    const verdict = classify(c, campaign, now);
    await recordNewsletterEvent(c.env, claims, verdict, now, { linkId: claims.linkId, url: dest.url });
    // Only a signed recipient, and not a scanner's visit, may identify the browser that lands.
    if (claims.verified && verdict.class !== 'scanner') {
      const key = await signingKey(c.env.NEWSLETTER_SECRET);
      const identity = { site: claims.site, campaign: claims.campaign, recipient: claims.recipient, expiresAt: Math.floor(now / 1000) + IDENTITY_TTL_S };
      location.searchParams.set(IDENTITY_PARAM, await signIdentity(key, identity));
    }
  }
  return new Response(null, { status: 302, headers: { location: location.href, 'referrer-policy': 'no-referrer', ...NO_CACHE } });
});

/** The token's claims and campaign, or null for anything forged, expired or not prepared here. */
async function resolve(c: Context<AppEnv>, now: number): Promise<{ claims: TrackingClaims; campaign: Campaign } | null> {
  const token = c.req.param('token') ?? '';
  if (token.length > 600) return null;
  let key: CryptoKey;
  try {
    key = await signingKey(c.env.NEWSLETTER_SECRET);
  } catch (err) {
    // Misconfigured collector: say so to the operator, still never a broken image for the reader.
    console.error(err);
    return null;
  }
  const verdict = await verifyTracking(key, token, now);
  if (!verdict.ok) return null;
  const campaign = await getCampaign(c.env.DB, verdict.claims.site, verdict.claims.campaign);
  if (!campaign || campaign.unsignedRecipient !== verdict.claims.unsignedRecipient) return null;
  return { claims: verdict.claims, campaign };
}

function classify(c: Context<AppEnv>, campaign: Campaign, now: number) {
  const asn = (c.req.raw.cf as { asn?: unknown } | undefined)?.asn;
  return classifyRequest({
    userAgent: c.req.header('user-agent') ?? '',
    asn: typeof asn === 'number' ? asn : undefined,
    msSinceSend: now - campaign.sentAt,
  });
}

/** A bad click token gets a plain page, never a redirect: nothing to follow, nothing to learn. */
function notALink(): Response {
  return new Response(
    '<!doctype html><meta charset="utf-8"><title>Link not found</title><h1>This link is not valid</h1><p>It may be mistyped, altered or expired.</p>',
    { status: 404, headers: { 'content-type': 'text/html; charset=utf-8', ...NO_CACHE } },
  );
}
