import { loadVisitorId, newVisitorId } from './identity';
import { createLog } from './lib/debug';
import { uuidv7 } from './lib/uuidv7';
import { pageviewProps } from './pageviewProps';
import { watchPageviews } from './pageviews';
import { endSession, nextInSession } from './session';
import { watchSurveys } from './surveys';
import { createTransport } from './transport';
import type { Config, EventInput, HoptrailEvent, Hoptrail } from './types';

/**
 * Builds a tracker for one site. Every public method is wrapped so that nothing Hoptrail does can
 * throw into the host page; with `debug` the reason for anything dropped is logged.
 */
export function createTracker(config: Config): Hoptrail {
  const log = createLog(config.debug);
  const api = config.api.replace(/\/$/, '');
  const transport = createTransport(api + '/v1/events', log);
  let visitorId = loadVisitorId();
  // Surveys see every event (pageviews, named events, chat_ended); emit is defined just below.
  const surveys = watchSurveys(api, config.site, (input) => emit(input), () => visitorId);

  const emit = (input: EventInput) => {
    const ts = Date.now();
    const event = {
      id: uuidv7(),
      site: config.site,
      visitorId,
      ...nextInSession(ts),
      ts,
      url: location.href.slice(0, 2048),
      ...input,
    } as HoptrailEvent;
    // Serialise now: an event that cannot be sent (circular, over 32 KB) is dropped here, with a
    // reason, instead of poisoning every later batch.
    if (JSON.stringify(event).length > 32e3) return log('dropped: event over 32 KB', input);
    transport.push(event);
    surveys._onEvent(input);
  };

  // Also called from history hooks and listeners, outside any public method: guard it too.
  const page = safe(log, (previousUrl?: string) =>
    emit({ type: 'pageview', url: location.href.slice(0, 2048), props: pageviewProps(previousUrl) }),
  );

  const tracker: Hoptrail = {
    track(name, props) {
      if (typeof name != 'string' || !name) return log('track() needs an event name');
      emit({ type: 'event', name: name.slice(0, 200), props });
    },
    identify(customerId, traits) {
      if (customerId == null || customerId === '') return log('identify() needs a customer id');
      emit({ type: 'identify', props: { customerId: String(customerId), ...(traits && { traits }) } });
    },
    reset() {
      visitorId = newVisitorId();
      endSession();
    },
    page: () => page(),
    visitorId: () => visitorId,
    flush: () => transport.flush(),
    survey: (id) => surveys._show(id),
  };


  if (config.autoPageviews !== false) safe(log, () => watchPageviews(page))();
  for (const key of Object.keys(tracker) as (keyof Hoptrail)[]) tracker[key] = safe(log, tracker[key] as never) as never;
  return tracker;
}

/** Runs `fn`, logging instead of throwing or rejecting: the host page must never see Hoptrail's errors. */
function safe<A extends unknown[], R>(log: (...args: unknown[]) => void, fn: (...args: A) => R) {
  return (...args: A): R | undefined => {
    try {
      const result = fn(...args);
      return result instanceof Promise ? (result.catch(log) as R) : result;
    } catch (err) {
      log('dropped:', err);
    }
  };
}
