import type { Config } from './types';

/**
 * Reads the script tag's data attributes. The collector defaults to the script's own origin, which
 * is right whenever the script is served by the collector (the documented snippet).
 */
export function readScriptConfig(script: HTMLScriptElement | null): Config | undefined {
  const site = script?.dataset.site;
  if (!script || !site) return;
  return {
    site,
    api: script.dataset.api || new URL(script.src, location.href).origin,
    debug: script.dataset.debug != null,
    autoPageviews: script.dataset.auto != 'false',
    chat: script.dataset.chat,
    chatText: script.dataset.chatText == 'true',
  };
}
