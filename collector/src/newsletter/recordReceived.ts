import { customerVisitorId } from '../ingest/customerVisitorId';
import type { Env } from '../env';
import { ingest } from '../ingest/ingest';
import { LIMITS } from '../schema/limits';
import type { Campaign } from '../store/newsletters';
import { TYPE } from '../schema/vocabulary';
import { shortHash } from './shortHash';

/**
 * Records that each recipient received the campaign: one `newsletter_received` event under their
 * `customer:<id>`, at the send time (ingest keeps it within [now − 7 days, now]), so the customer card
 * and the journey exports read received → opened → clicked → visited. The event id derives from the
 * campaign and the recipient, so preparing a recipient again stores nothing twice. Throws when storage
 * fails: the prepare answers 503 and is retried whole.
 */
export async function recordReceived(env: Env, campaign: Campaign, recipients: string[], now: number): Promise<void> {
  const events = await Promise.all(
    recipients.map(async (recipient) => ({
      id: `nlr-${await shortHash(`${campaign.campaign}\n${recipient}`)}`,
      site: campaign.site,
      type: TYPE.newsletterReceived,
      visitorId: customerVisitorId(recipient),
      sessionId: `newsletter:${campaign.campaign}`,
      seq: 0,
      ts: campaign.sentAt,
      name: campaign.campaign,
      props: { campaign: campaign.campaign, recipient },
    })),
  );
  // Batches of the size a browser may send, so every projection works on the batches it was sized for.
  for (let at = 0; at < events.length; at += LIMITS.eventsPerBatch) {
    const { refused } = await ingest(env, { kind: 'server', site: campaign.site, receivedAt: now, direct: true }, events.slice(at, at + LIMITS.eventsPerBatch));
    // Recipients were validated by prepare; a refusal here is a bug, not input to report.
    if (refused.length) throw new Error(`newsletter_received refused: ${refused[0].message}`);
  }
}
