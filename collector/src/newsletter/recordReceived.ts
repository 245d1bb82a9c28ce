import { customerVisitorId } from '../ingest/customerVisitorId';
import { ingestEvents } from '../ingest/ingestEvents';
import type { HoptrailEvent } from '../schema/event';
import { LIMITS } from '../schema/limits';
import type { Campaign } from '../store/newsletters';
import { shortHash } from './shortHash';

/**
 * Records that each recipient received the campaign: one `newsletter_received` event under their
 * `customer:<id>`, at the send time (ingest keeps it within [now − 7 days, now]), so the customer card
 * and the journey exports read received → opened → clicked → visited. The event id derives from the
 * campaign and the recipient, so preparing a recipient again stores nothing twice. Throws when storage
 * fails: the prepare answers 503 and is retried whole.
 */
export async function recordReceived(db: D1Database, campaign: Campaign, recipients: string[], now: number): Promise<void> {
  const events = await Promise.all(
    recipients.map(async (recipient) => ({
      id: `nlr-${await shortHash(`${campaign.campaign}\n${recipient}`)}`,
      site: campaign.site,
      type: 'newsletter_received',
      visitorId: customerVisitorId(recipient),
      sessionId: `newsletter:${campaign.campaign}`,
      seq: 0,
      ts: campaign.sentAt,
      name: campaign.campaign,
      props: { campaign: campaign.campaign, recipient },
    }) as HoptrailEvent),
  );
  // Batches of the size a browser may send, so every projection works on the batches it was sized for.
  for (let at = 0; at < events.length; at += LIMITS.eventsPerBatch) {
    await ingestEvents(db, { site: campaign.site, source: 'server', events: events.slice(at, at + LIMITS.eventsPerBatch), receivedAt: now });
  }
}
