import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { classifyRequest } from '../newsletter/classifyRequest';
import { recordNewsletterEvent } from '../newsletter/recordNewsletterEvent';
import { safeDestination } from '../newsletter/safeDestination';
import { signingKey } from '../newsletter/signingKey';
import { OPEN_LINK_ID, recipientRef, signIdentity, verifyTracking, type TrackingClaims } from '../newsletter/tokens';
import { ensureRef, findRecipient, getCampaign, getLinkUrl, recipientOfRef, type Campaign } from '../store/newsletters';
import { isOwnHost } from '../store/ownHosts';
import { hostedSurveyPath } from '../surveys/hostedSurveyPath';

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
  if (found?.claims && found.claims.linkId === OPEN_LINK_ID) {
    await recordNewsletterEvent(c.env, found.claims, classify(c, found.campaign, now), now);
  }
  return gif();
});

newsletterTrackingRoute.get('/c/:token', async (c) => {
  const now = Date.now();
  const found = await resolve(c, now);
  if (!found || found.linkId === OPEN_LINK_ID) return notALink();
  const { claims, campaign } = found;
  const stored = await getLinkUrl(c.env.DB, campaign.site, campaign.campaign, found.linkId);
  // Checked again on the way out: only a prepared http(s) destination is ever a redirect target.
  const dest = stored === null ? null : safeDestination(stored);
  if (!dest?.ok) return notALink();
  const location = new URL(dest.url);
  // A recipient no longer on file (erased) still reaches the page; nothing is recorded about them.
  if (claims && c.req.raw.method !== 'HEAD') {
    const verdict = classify(c, campaign, now);
    // Independent: the reader waits for one round trip less.
    const [, identity] = await Promise.all([
      recordNewsletterEvent(c.env, claims, verdict, now, { linkId: claims.linkId, url: dest.url }),
      landingIdentity(c, claims, verdict.class, location, now),
    ]);
    if (identity) location.searchParams.set(IDENTITY_PARAM, identity);
  }
  return new Response(null, { status: 302, headers: { location: location.href, 'referrer-policy': 'no-referrer', ...NO_CACHE } });
});

/**
 * The `ht_nl` value for this click, or null. Only a signed recipient, not a scanner, and only to the
 * site's own hosts: a partner shop or a social profile gets the plain URL. The value names the recipient
 * by ref, so not even the site's own access logs read who it is.
 */
async function landingIdentity(c: Context<AppEnv>, claims: TrackingClaims & { ref?: string }, verdict: string, dest: URL, now: number) {
  if (!claims.verified || verdict === 'scanner') return null;
  const db = c.env.DB;
  if (!isHostedPage(c, claims.site, dest) && !(await isOwnHost(db, claims.site, dest.hostname))) return null;
  const key = await signingKey(c.env.NEWSLETTER_SECRET);
  let ref = claims.ref;
  if (ref === undefined) {
    // A mail sent before refs (its token carries the id): store the ref the landing will resolve.
    ref = await recipientRef(key, claims.site, claims.campaign, claims.recipient);
    if (!(await ensureRef(db, claims.site, claims.campaign, claims.recipient, ref))) return null;
  }
  return signIdentity(key, { site: claims.site, campaign: claims.campaign, ref, expiresAt: Math.floor(now / 1000) + IDENTITY_TTL_S });
}

/**
 * The site's hosted survey pages on this collector (routes/hostedSurvey.ts) are its own too, for that
 * path only: the collector's other pages (the dashboard, another site's surveys) never get the identity.
 */
function isHostedPage(c: Context<AppEnv>, site: string, dest: URL): boolean {
  return dest.origin === new URL(c.req.url).origin && dest.pathname.startsWith(hostedSurveyPath(site, ''));
}

/**
 * The token's link id and campaign, with the recipient resolved (null when a signed recipient is no
 * longer on file: erased), or null for anything forged, expired or not prepared here.
 */
async function resolve(
  c: Context<AppEnv>,
  now: number,
): Promise<{ linkId: number; campaign: Campaign; claims: (TrackingClaims & { ref?: string }) | null } | null> {
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
  const { who, ...link } = verdict.claims;
  const campaign = await getCampaign(c.env.DB, link.site, link.campaign);
  if (!campaign || campaign.unsignedRecipient !== link.unsignedRecipient) return null;
  const found = (claims: (TrackingClaims & { ref?: string }) | null) => ({ linkId: link.linkId, campaign, claims });
  // Unsigned mode: the email tool's id, on file or not.
  if ('id' in who && !link.verified) return found({ ...link, recipient: who.id });
  if ('id' in who) {
    // Signed before refs: the id is in the token; the recipient must still be on file (not erased).
    const row = await findRecipient(c.env.DB, link.site, link.campaign, who.id);
    return found(row && { ...link, recipient: who.id, ...(row.ref !== null && { ref: row.ref }) });
  }
  const recipient = await recipientOfRef(c.env.DB, link.site, link.campaign, who.ref);
  return found(recipient === null ? null : { ...link, recipient, ref: who.ref });
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
