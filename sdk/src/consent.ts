import { CHOICE_KEY, load } from './lib/storage';
import type { Config } from './types';

/** The visitor id events carry in cookieless mode; the collector replaces it (collector/src/privacy). */
export const COOKIELESS = 'cookieless';

/** What the tracker may do: 0 send nothing, 1 cookieless (no storage, never identified), 2 full. */
export type Mode = 0 | 1 | 2;

/**
 * Privacy by default. Opted out, an excluded host, or a privacy signal with `gpc: 'off'`: nothing
 * is sent. Global Privacy Control or Do Not Track, consent denied, or consent required and not
 * granted: cookieless. Otherwise full tracking with a first-party visitor id.
 */
export function privacyMode(config: Config): Mode {
  // 'granted' | 'denied' | 'out' (opted out)
  const c = load(CHOICE_KEY, true);
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const signal = nav.globalPrivacyControl || nav.doNotTrack == '1';
  return c == 'out' || ('' + config.excludeHosts).split(',').includes(location.hostname) || (signal && config.gpc == 'off')
    ? 0
    : signal || c == 'denied' || (config.consent == 'required' && c != 'granted')
      ? 1
      : 2;
}
