/**
 * Lazy chunk: experience signals, as custom events with reserved `$` names (the vocabulary's NAME).
 * - `$rage_click` (opt-out, `data-signals="false"`): 3+ clicks within 1 s and 30 px of each other.
 * - `$js_error` (opt-out, same switch): uncaught errors and unhandled rejections on the page.
 * - `$outbound` (opt-in, `data-outbound`): clicks on links to another host.
 * - `$download` (opt-in, `data-downloads`, optionally a list of extensions): clicks on file links.
 */
import type { Emit } from '../createTracker';
import { LIMITS } from '../../../collector/src/schema/limits';
import { NAME, TYPE } from '../../../collector/src/schema/vocabulary';
import type { Config, Props } from '../types';

const RAGE_CLICKS = 3;
const RAGE_MS = 1000;
const RAGE_PX = 30;
/** A click target's description: a choice, well inside the shared text limit. */
const TARGET_CHARS = 200;
const DOWNLOADS = 'pdf,zip,dmg,exe,msi,csv,xlsx,docx,pptx,mp3,mp4,gz,tar,apk';

// Needs no context from the core: tests call it with the emitter and config alone.
const signals = (emit: Emit, config: Config): void => {
  const event = (name: string, props: Props) => emit({ type: TYPE.event, name, props });
  const on = (flag: unknown) => flag != null && flag !== false && flag != 'false';
  // Page events reach these listeners: whatever they meet (a malformed href, a reason whose toString
  // throws), nothing is thrown back into the page.
  const listen = <E extends Event>(type: string, fn: (e: E) => unknown, capture?: boolean) =>
    addEventListener(
      type,
      (e) => {
        try {
          fn(e as E);
        } catch {
          // Not reported: an SDK error must not become the page's $js_error either.
        }
      },
      capture,
    );

  if (on(config.signals ?? true)) {
    let clicks: MouseEvent[] = [];
    listen<MouseEvent>('click', (e) => {
      clicks = clicks.filter((c) => e.timeStamp - c.timeStamp < RAGE_MS && Math.hypot(e.clientX - c.clientX, e.clientY - c.clientY) < RAGE_PX);
      // Report once per burst: at the third click, not again at the fourth.
      if (clicks.push(e) == RAGE_CLICKS) event(NAME.rageClick, { target: describe(e.target), clicks: RAGE_CLICKS });
    }, true);
    let errors = 0;
    const error = (message: unknown, source?: string) =>
      // A page in an error loop must not flood the collector: 10 per page load.
      errors++ < 10 && event(NAME.jsError, { message: String(message).slice(0, 500), ...(source && { source: source.slice(0, 500) }) });
    listen<ErrorEvent>('error', (e) => error(e.message, e.filename && `${e.filename}:${e.lineno}:${e.colno}`));
    listen<PromiseRejectionEvent>('unhandledrejection', (e) => error((e.reason as Error)?.message ?? e.reason));
  }

  const outbound = on(config.outbound);
  const downloads = on(config.downloads) && ('' + config.downloads == 'true' || config.downloads === '' ? DOWNLOADS : '' + config.downloads).split(/[\s,]+/);
  if (outbound || downloads)
    listen('click', (e) => {
      const link = (e.target as Element)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!link) return;
      const url = new URL(link.href, location.href);
      const ext = url.pathname.split('.').pop()!.toLowerCase();
      if (downloads && (link.hasAttribute('download') || (url.pathname.includes('.') && downloads.includes(ext))))
        event(NAME.download, { url: url.href.slice(0, LIMITS.urlLength) });
      else if (outbound && url.host != location.host && /^https?:$/.test(url.protocol)) event(NAME.outbound, { url: url.href.slice(0, LIMITS.urlLength) });
    }, true);
};
export default signals;

/** A short, stable description of a click target, e.g. `button#buy.primary`. */
function describe(target: EventTarget | null): string {
  const el = target as Element;
  if (!el?.tagName) return '';
  return (el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className == 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '')).slice(0, TARGET_CHARS);
}
