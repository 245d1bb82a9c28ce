import { createLog } from './lib/debug';
import type { Config } from './types';

/**
 * Reads the script tag's data attributes; without `data-site` there is no config (logged with `data-debug`).
 * Options are passed as the strings the attributes hold
 * (`data-exclude-hosts` → `excludeHosts`, `data-auto` → `autoPageviews`, `data-chat-text="true"`); the
 * code reading them (the core, or the lazy chunk that uses the option) accepts those strings as well as `init()`'s booleans and arrays.
 * The collector defaults to the script's own origin, which is right whenever the script is served
 * by the collector (the documented snippet).
 */
export function readScriptConfig(script: HTMLScriptElement | null): Config | undefined {
  const d = script?.dataset;
  if (d?.site)
    return {
      ...(d as unknown as Config),
      api: d.api || new URL(script!.src).origin,
      debug: d.debug != null,
      autoPageviews: d.auto as never,
    };
  createLog(d?.debug != null)('no data-site');
}
