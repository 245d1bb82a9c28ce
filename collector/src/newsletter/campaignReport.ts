import { countRecipients, readCampaignActivity, readVisitsAfter } from '../store/newsletterActivity';
import { getLinks, type Campaign } from '../store/newsletters';
import { campaignRevenue } from '../store/revenue';
import { newsletterReport } from './newsletterReport';

/** Reads a campaign's links, activity, recipients and visits, and builds its report (route and overview). */
export async function campaignReport(db: D1Database, site: string, campaign: Campaign) {
  const [links, activity, sentTo, revenue] = await Promise.all([
    getLinks(db, site, campaign.campaign),
    readCampaignActivity(db, site, campaign.campaign),
    countRecipients(db, site, campaign.campaign),
    campaignRevenue(db, site, campaign.campaign),
  ]);
  // Visits that count: after a clicker's first click; for everyone else, after their first open.
  const since = new Map<string, number>();
  for (const a of activity) if (a.type === 'newsletter_click' && !since.has(a.props.recipient)) since.set(a.props.recipient, a.ts);
  for (const a of activity) if (!since.has(a.props.recipient)) since.set(a.props.recipient, a.ts);
  const visits = await readVisitsAfter(db, site, [...since].map(([recipient, ts]) => ({ recipient, ts })));
  const report = newsletterReport({ campaign: campaign.campaign, unsignedRecipient: campaign.unsignedRecipient, sentTo, links, activity, visits });
  // Purchases in the sessions its clicks started, per currency (store/revenue.ts).
  return { ...report, revenue };
}
