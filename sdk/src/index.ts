/**
 * Script-tag entry. The snippet defines `window.hoptrail` as a stub whose methods push
 * `[method, args]` onto `hoptrail.q`; here the real tracker replaces it and replays those calls in
 * order, so nothing said before the script loaded is lost.
 */
import { createTracker } from './createTracker';
import { readScriptConfig } from './readScriptConfig';
import type { Hoptrail } from './types';

type Stub = { q?: [keyof Hoptrail, unknown[]][] };
const w = window as unknown as { hoptrail?: Hoptrail & Stub };

try {
  const config = readScriptConfig(document.currentScript as HTMLScriptElement | null);
  if (config) {
    const queued = w.hoptrail?.q || [];
    const tracker = (w.hoptrail = createTracker(config) as Hoptrail & Stub);
    for (const [method, args] of queued) (tracker[method] as (...a: unknown[]) => unknown)?.(...args);
  }
} catch {
  // Never break the host page.
}
