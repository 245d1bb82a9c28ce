import { loadChunk } from './lib/loadChunk';
import { load } from './lib/storage';
import { OFF_KEY, type SurveyData } from './survey/types';
import type { EventInput } from './types';
import type { SurveyWidget } from './chunks/survey';

export interface Surveys {
  /** Every event the tracker emits (pageviews included). */
  _onEvent(input: EventInput): void;
  /** hoptrail.survey(id): show it now, whatever its targeting. */
  _show(id: string): void;
}

/**
 * The core's part of surveys, kept small: read the active list once (edge-cached), and load the
 * widget chunk only when a survey could show here — a pop-up whose URL rules match (one regex the
 * collector compiled), that is not resting (fatigue the chunk recorded) and whose event (if any)
 * just happened — or when the page has an inline slot. Timing, scroll, exit intent, sampling, audience and cross-channel checks live
 * in the chunk.
 */
export function watchSurveys(api: string, site: string, emit: (input: EventInput) => void, visitorId: () => string): Surveys {
  const base = `${api}/v1/sites/${site}/surveys/`;
  let widget: Promise<SurveyWidget> | undefined;
  const ready = fetch(base + 'active').then((r) => r.json() as Promise<SurveyData>);
  // Never an unhandled rejection in the host page (collector down, chunk blocked, no pageview yet).
  const quiet = () => {};
  ready.catch(quiet);
  // `after`: the event that made it load (`pageview` or a named one), so the chunk can act on it.
  const start = (data: SurveyData, after?: string) =>
    (widget ||= loadChunk<typeof import('./chunks/survey')>(api, 'survey').then((m) => {
      const w = m.start(base, data, emit, visitorId, after);
      // From now on the chunk sees every event itself.
      onEvent = w.onEvent;
      return w;
    }));
  const check = (name: string) =>
    ready.then((data) => {
      const off = load<Record<string, number>>(OFF_KEY);
      if (
        document.querySelector('[data-hoptrail-survey]') ||
        data.surveys.some((s) => s.gate && !(Date.now() < off?.[s.id]!) && RegExp(s.gate.page).test(location.href) && s.gate.after == name)
      )
        start(data, name);
    });
  // Until the chunk is in: does this event (or page) call for it?
  let onEvent = (e: EventInput) => {
    check((e as { name?: string }).name || e.type).catch(quiet);
  };
  return {
    _onEvent: (e) => onEvent(e),
    _show(id) {
      ready
        .then(start)
        .then((w) => w.show(id))
        .catch(quiet);
    },
  };
}
