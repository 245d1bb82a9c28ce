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
  autoPageviews?: boolean | 'false';
  /** `'required'`: cookieless (nothing identifying, nothing stored) until `consent('granted')` (`data-consent`). */
  consent?: 'required';
  /**
   * With Global Privacy Control or Do Not Track on, the visitor is counted cookieless and never
   * identified; `'off'` counts them not at all (`data-gpc="off"`).
   */
  gpc?: 'off';
  /** Hostnames where nothing is sent, e.g. staging (`data-exclude-hosts="staging.shop.example,localhost"`). */
  excludeHosts?: string | string[];
  /** Core Web Vitals (LCP, INP, CLS, FCP, TTFB) from a lazy chunk (`data-vitals="false"` turns it off). */
  vitals?: boolean | 'false';
  /** Rage clicks and uncaught JS errors (`data-signals="false"` turns them off). */
  signals?: boolean | 'false';
  /** Clicks on links to other hosts, as `$outbound` events (`data-outbound`; opt-in). */
  outbound?: boolean | string;
  /** Clicks on file links, as `$download` events: these extensions, or a default list (`data-downloads`; opt-in). */
  downloads?: boolean | string | string[];
  /** Chat widgets to hook without code: `auto` or a comma list of crisp, intercom, tawk, zendesk, hubspot (`data-chat`). */
  chat?: string;
  /** Send chat message text, not only its length (`data-chat-text="true"`). Off by default. */
  chatText?: boolean | 'true';
}

/** `hoptrail.chat`: report any chat (adapters for popular widgets call it too). */
export interface ChatApi {
  /** A conversation started, e.g. `started({ channel: 'crisp', agent: 'Ana' })`. */
  started(o: { channel: string; agent?: string }): void;
  /** A message: who sent it, and its length; the text only when the site opted in (`data-chat-text`). */
  message(o: { from: 'visitor' | 'agent' | 'bot'; length?: number; text?: string }): void;
  /** The conversation ended: was the visitor's question resolved, and their rating 1–5 if given. */
  ended(o: { resolved: boolean; rating?: number }): void;
}

/** The public API, on `window.hoptrail` for the script tag and returned by `init()` for ESM users. */
export interface Hoptrail {
  /** Records a custom event, e.g. `track('signup_clicked', { plan: 'pro' })`. */
  track(name: string, props?: Props): void;
  /**
   * Links this visitor to a known customer (your own id for them) and merges `traits`. The customer's
   * journey then holds every device that identified as them, with what each did before identifying.
   * `signature`: HMAC-SHA256(site identity secret, customerId) in hex, computed by your backend; sites in
   * `signed` mode refuse identifies without it. Traits from the page never overwrite traits your servers set.
   */
  identify(customerId: string, traits?: Props, options?: { signature?: string }): void;
  /**
   * Records a purchase, e.g. `purchase({ value: 49.9, currency: 'EUR', orderId: 'A-1001' })`: value in the
   * currency's major unit, ISO 4217 currency, your order id (revenue counts each order id once).
   */
  purchase(o: { value: number; currency: string; orderId: string }): void;
  /** On logout: forget the visitor and start a new anonymous one with a new session. */
  reset(): void;
  /** Records a pageview of the current URL (automatic unless `data-auto="false"`). */
  page(): void;
  /** The anonymous visitor id kept in first-party storage. */
  visitorId(): string;
  /** Sends what is queued now; resolves when the collector has answered (or the send failed). */
  flush(): Promise<void>;
  /** Records the visitor's consent choice (remembered); `'denied'` removes Hoptrail's ids from the device. */
  consent(state: 'granted' | 'denied'): void;
  /** Stops all tracking on this browser, remembered across visits; `consent('granted')` undoes it. */
  optOut(): void;
  /** Chat conversations: `hoptrail.chat.started(…)`, `.message(…)`, `.ended(…)`. */
  chat: ChatApi;
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
