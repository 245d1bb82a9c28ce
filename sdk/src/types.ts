import type { HoptrailEvent, Props } from '../../collector/src/schema/event';

export type { HoptrailEvent, Props };

/** How a tracker is set up: from the script tag's data attributes, or passed to `init()`. */
export interface Config {
  /** Site id (`data-site`). */
  site: string;
  /** Collector origin (`data-api`); by default the origin the script was loaded from. */
  api: string;
  /** Log dropped events and failed sends to the console (`data-debug`). */
  debug?: boolean;
  /** Record pageviews automatically, SPA navigations included (`data-auto="false"` turns it off). */
  autoPageviews?: boolean;
}

/** The public API, on `window.hoptrail` for the script tag and returned by `init()` for ESM users. */
export interface Hoptrail {
  /** Records a custom event, e.g. `track('signup_clicked', { plan: 'pro' })`. */
  track(name: string, props?: Props): void;
  /**
   * Links this visitor to a known customer (your own id for them) and merges `traits`. The customer's
   * journey then holds every device that identified as them, with what each did before identifying.
   */
  identify(customerId: string, traits?: Props): void;
  /** On logout: forget the visitor and start a new anonymous one with a new session. */
  reset(): void;
  /** Records a pageview of the current URL (automatic unless `data-auto="false"`). */
  page(): void;
  /** The anonymous visitor id kept in first-party storage. */
  visitorId(): string;
  /** Sends what is queued now; resolves when the collector has answered (or the send failed). */
  flush(): Promise<void>;
  /** Shows survey `id` now (an active survey of this site), whatever its targeting and fatigue rules. */
  survey(id: string): void;
}

/** Events as the SDK builds them before the envelope is complete. */
export type EventInput = HoptrailEvent extends infer E
  ? E extends HoptrailEvent
    ? Omit<E, 'id' | 'site' | 'visitorId' | 'sessionId' | 'seq' | 'ts'>
    : never
  : never;
export type PageviewEvent = Extract<HoptrailEvent, { type: 'pageview' }>;
