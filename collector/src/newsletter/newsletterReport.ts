import type { NewsletterActivity } from '../store/newsletterActivity';

/**
 * Clicks on this many different links within BURST_MS are a link scanner opening every link at once
 * (also in SQL: store/newsletterFunnel.ts).
 */
export const BURST_LINKS = 3;
export const BURST_MS = 5_000;
/** Lists of ids in the report stop here; counts are always complete. */
const LIST_MAX = 1000;

export interface ReportInput {
  campaign: string;
  unsignedRecipient: boolean;
  sentTo: number;
  links: { id: number; url: string }[];
  activity: NewsletterActivity[];
  /**
   * Browser visitor ids behind each recipient, with their first pageview after the recipient's first
   * click (clickers) or first open (everyone else).
   */
  visits: { recipient: string; visitorId: string; firstVisit: number | null }[];
}

const capped = (ids: Iterable<string>) => [...ids].sort().slice(0, LIST_MAX);
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

/** Clicks a human made: neither classified as a scanner nor part of an every-link-at-once burst. */
export function humanClicks(activity: NewsletterActivity[]): Set<NewsletterActivity> {
  const byRecipient = new Map<string, NewsletterActivity[]>();
  for (const a of activity) {
    if (a.type !== 'newsletter_click') continue;
    byRecipient.set(a.props.recipient, [...(byRecipient.get(a.props.recipient) ?? []), a]);
  }
  const human = new Set<NewsletterActivity>();
  for (const clicks of byRecipient.values()) {
    for (const click of clicks) {
      if (click.props.class === 'scanner') continue;
      const near = clicks.filter((c) => Math.abs(c.ts - click.ts) <= BURST_MS);
      if (new Set(near.map((c) => c.props.linkId)).size >= BURST_LINKS) continue;
      human.add(click);
    }
  }
  return human;
}

/**
 * The campaign report. A recipient is a human reader when one of their opens was classified human, or
 * when they also clicked (as a human) or visited the site: that upgrades their machine-looking opens.
 * Repeated opens by one recipient are repeat opens, never new readers.
 */
export function newsletterReport(input: ReportInput) {
  const opens = input.activity.filter((a) => a.type === 'newsletter_open');
  const clicks = humanClicks(input.activity);
  const clickers = new Set([...clicks].map((c) => c.props.recipient));
  const visitorsOf = new Map<string, Set<string>>();
  const cameToSite = new Set<string>();
  for (const v of input.visits) {
    visitorsOf.set(v.recipient, (visitorsOf.get(v.recipient) ?? new Set()).add(v.visitorId));
    if (v.firstVisit !== null) cameToSite.add(v.recipient);
  }
  // Click-to-visit: clickers whose browser then viewed a page.
  const visited = new Set([...cameToSite].filter((r) => clickers.has(r)));

  const openers = new Set(opens.map((o) => o.props.recipient));
  const humanReaders = new Set<string>();
  const upgraded = new Set<string>();
  for (const r of openers) {
    if (opens.some((o) => o.props.recipient === r && o.props.class === 'human')) humanReaders.add(r);
    else if (clickers.has(r) || cameToSite.has(r)) {
      humanReaders.add(r);
      upgraded.add(r);
    }
  }
  const machineOnly = [...openers].filter((r) => !humanReaders.has(r));
  const openClasses: Record<string, number> = { human: 0, apple_mpp: 0, image_proxy: 0, scanner: 0 };
  for (const o of opens) openClasses[o.props.class] = (openClasses[o.props.class] ?? 0) + 1;
  const humanOpenEvents = opens.filter((o) => o.props.class === 'human' || upgraded.has(o.props.recipient)).length;

  const allClicks = input.activity.filter((a) => a.type === 'newsletter_click');
  const perLink = input.links.map((link) => {
    const mine = [...clicks].filter((c) => c.props.linkId === link.id);
    const recipients = new Set(mine.map((c) => c.props.recipient));
    return {
      linkId: link.id,
      url: link.url,
      clicks: mine.length,
      uniqueClickers: recipients.size,
      machineClicks: allClicks.filter((c) => c.props.linkId === link.id).length - mine.length,
      customers: capped(recipients),
      visitors: capped([...recipients].flatMap((r) => [...(visitorsOf.get(r) ?? [])])),
    };
  });

  return {
    campaign: input.campaign,
    // Unsigned-recipient campaigns: the email tool, not a signature, says who each recipient is.
    verified: !input.unsignedRecipient,
    ...(input.unsignedRecipient && { warning: 'recipient ids are unsigned: every figure is unverified' }),
    sentTo: input.sentTo || null,
    opens: {
      uniqueHuman: humanReaders.size,
      upgradedByClickOrVisit: upgraded.size,
      machine: machineOnly.length,
      humanOpenRate: rate(humanReaders.size, input.sentTo),
      total: opens.length,
      repeatHumanOpens: humanOpenEvents - humanReaders.size,
      byClass: openClasses,
      humanCustomers: capped(humanReaders),
      machineCustomers: capped(machineOnly),
    },
    clicks: {
      total: clicks.size,
      machine: allClicks.length - clicks.size,
      uniqueClickers: clickers.size,
      links: perLink,
    },
    visits: {
      clickers: clickers.size,
      visited: visited.size,
      clickToVisitRate: rate(visited.size, clickers.size),
      customers: capped(visited),
      visitors: capped([...visited].flatMap((r) => [...(visitorsOf.get(r) ?? [])])),
    },
  };
}
