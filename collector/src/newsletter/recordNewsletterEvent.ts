import { customerVisitorId } from '../ingest/customerVisitorId';
import type { Env } from '../env';
import { ingest } from '../ingest/ingest';
import type { Classification } from './classifyRequest';
import type { TrackingClaims } from './tokens';

/**
 * Stores one open or click under the recipient's `customer:<id>` visitor, through the one ingest path,
 * so it lands in the recipient's customer journey. Best effort by design: a reader must get the image
 * or the redirect even when storage is failing, so a failed write is logged, never answered with 503.
 */
export async function recordNewsletterEvent(
  env: Env,
  claims: TrackingClaims,
  verdict: Classification,
  now: number,
  click?: { linkId: number; url: string },
): Promise<void> {
  const props = {
    campaign: claims.campaign,
    recipient: claims.recipient,
    verified: claims.verified,
    class: verdict.class,
    confidence: verdict.confidence,
    reasons: verdict.reasons,
  };
  const event = {
    id: crypto.randomUUID(),
    site: claims.site,
    visitorId: customerVisitorId(claims.recipient),
    sessionId: `newsletter:${claims.campaign}`,
    seq: click ? click.linkId : 0,
    ts: now,
    name: claims.campaign,
    ...(click
      ? { type: 'newsletter_click', url: click.url, props: { ...props, ...click } }
      : { type: 'newsletter_open', props }),
  };
  try {
    const { refused } = await ingest(env, { kind: click ? 'click' : 'pixel', site: claims.site, receivedAt: now }, [event]);
    if (refused.length) console.error('newsletter event refused', event.type, refused[0].field);
  } catch (err) {
    console.error('newsletter event not stored', event.type, err);
  }
}
