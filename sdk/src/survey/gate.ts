/**
 * The survey gate, in the `extras` chunk (loaded at start). It reads the site's active surveys once (edge-cached)
 * and loads the widget chunk (`survey`) only when a survey could show here — a pop-up whose URL rules
 * match (one regex the collector compiled), that is not resting (fatigue the widget recorded) and whose
 * event (if any) just happened — or when the page has an inline slot, or `hoptrail.survey(id)` asks.
 * Timing, scroll, exit intent, sampling, audience and cross-channel checks live in the widget.
 * Returns what takes each event the core emits, or a survey id to show (`hoptrail.survey(id)`).
 */
import type { SurveyWidget } from '../chunks/survey';
import type { Emit } from '../createTracker';
import { loadChunk } from '../lib/loadChunk';
import { load } from '../lib/storage';
import type { Hoptrail } from '../types';
import type { EventInput } from '../types';
import { OFF_KEY, type SurveyData } from './types';

export function surveyGate(emit: Emit, api: string, site: string, tracker: Hoptrail): (c: EventInput | string) => void {
  const base = `${api}/v1/sites/${site}/surveys/`;
  let widget: Promise<SurveyWidget> | undefined;
  const ready = fetch(base + 'active').then((r) => r.json() as Promise<SurveyData>);
  // Never an unhandled rejection in the host page (collector down, chunk blocked, no pageview yet).
  const quiet = () => {};
  ready.catch(quiet);
  // `after`: the event that made it load (`pageview` or a named one), so the widget can act on it.
  const start = (data: SurveyData, after?: string) =>
    (widget ||= loadChunk<typeof import('../chunks/survey')>(api, 'survey').then((m) => {
      const w = m.start(base, data, emit, () => tracker.visitorId(), after);
      // From now on the widget sees every event itself.
      onEvent = w.onEvent;
      return w;
    }));
  // Returns the widget's load, so a failed one reaches the caller's catch (never unhandled).
  const check = (name: string) =>
    ready.then((data) => {
      const off = load<Record<string, number>>(OFF_KEY);
      if (
        document.querySelector('[data-hoptrail-survey]') ||
        data.surveys.some((s) => s.gate && !(Date.now() < off?.[s.id]!) && RegExp(s.gate.page).test(location.href) && s.gate.after == name)
      )
        return start(data, name);
    });
  // Until the widget is in: does this event (or page) call for it?
  let onEvent = (e: EventInput) => {
    check((e as { name?: string }).name || e.type).catch(quiet);
  };
  // hoptrail.survey(id): show it now, whatever its targeting.
  const show = (id: string) =>
    ready
      .then(start)
      .then((w) => w.show(id))
      .catch(quiet);
  return (c) => (typeof c == 'string' ? show(c) : onEvent(c));
}
