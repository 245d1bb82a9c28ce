import type { EventSource } from './ingestEvents';

/**
 * What ingest does for each source, in one table, so a source's treatment is read here rather than
 * reconstructed from its route.
 *   pageRules  the event came from a page: server-only types and `customer:` visitors are refused,
 *              a cookieless visitor may not identify
 *   botFilter  bots and datacenter networks are filtered (counted per reason, nothing stored)
 *   siteLimit  the per-site rate limit applies (the per-client one applies to every public route)
 *   cookieless `visitorId: "cookieless"` gets the collector-made daily id
 *   identityCheck  identifies must satisfy the site's identity mode (signed identify; identity/)
 *   queue      may go through the ingest queue when it is bound. Webhooks are stored directly because
 *              each derives its lifecycle events from the ticket history stored so far; the pixel,
 *              click links and the landing are single best-effort events whose answer needs the outcome.
 */
export interface SourceRules {
  pageRules: boolean;
  botFilter: boolean;
  siteLimit: boolean;
  cookieless: boolean;
  identityCheck: boolean;
  queue: boolean;
}

const fromPage: SourceRules = { pageRules: true, botFilter: true, siteLimit: true, cookieless: true, identityCheck: true, queue: true };
const fromCollector: SourceRules = { pageRules: false, botFilter: false, siteLimit: false, cookieless: false, identityCheck: false, queue: false };

export const SOURCE_RULES: Record<EventSource, SourceRules> = {
  browser: fromPage,
  server: { ...fromCollector, queue: true },
  // The Segment-compatible API (write key, so trusted like server events; segment-spec/).
  segment: { ...fromCollector, queue: true },
  webhook: fromCollector,
  pixel: fromCollector,
  click: fromCollector,
};
