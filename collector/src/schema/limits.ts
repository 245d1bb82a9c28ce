/**
 * Every cap the collector enforces, in one place. The reasons are in ARCHITECTURE.md ("Limits and bad input").
 * The SDK stays well inside them (batches of 20, bodies under 60 KB for keepalive).
 */
export const LIMITS = {
  /** Bytes in one request body, counted while streaming (a lying Content-Length cannot bypass it). */
  bodyBytes: 256 * 1024,
  /** Bytes of one event once serialised. */
  eventBytes: 32 * 1024,
  /** Events in one batch. */
  eventsPerBatch: 100,
  /** The Segment-compatible API: Segment's own caps (500 KB a batch), and messages per batch. */
  segmentBodyBytes: 500 * 1024,
  segmentMessagesPerBatch: 500,
  /** Ids: event, visitor, session, customer, site. */
  idLength: 128,
  siteLength: 64,
  /** Event and property names. */
  nameLength: 200,
  /** URLs and referrers. Browsers allow longer; analytics past 2 KB is noise. */
  urlLength: 2048,
  /** Any other string value (titles, trait values). */
  textLength: 1024,
  /** Keys in a props/traits object, and how deep objects may nest inside it. */
  propKeys: 50,
  propDepth: 3,
  propKeyLength: 64,
  /** Client timestamps later than the server clock by more than this are clamped to the server time. */
  futureSkewMs: 60_000,
  /** Client timestamps older than this (offline queues) are clamped to this age. */
  maxEventAgeMs: 7 * 24 * 3600_000,
  /** A purchase or refund amount, in the currency's major unit (12.5 = 12.50 EUR). */
  maxValue: 1e9,
  /** Goals and funnels per site, steps per funnel, prop filters per goal. */
  goalsPerSite: 100,
  funnelsPerSite: 50,
  funnelSteps: 10,
  goalPropFilters: 10,
  /** A funnel's window: how long after its first step a person may complete it (default one day). */
  funnelWindowMaxMs: 90 * 86_400_000,
  /** Journey and list pages. */
  pageDefault: 100,
  pageMax: 1000,
} as const;

/** Keys that could reach an object's prototype when copied: refused in props and traits everywhere. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
