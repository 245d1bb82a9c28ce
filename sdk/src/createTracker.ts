import { LIMITS } from '../../collector/src/schema/limits';
import { COOKIELESS, privacyMode, type Mode } from './consent';
import { TYPE } from '../../collector/src/schema/vocabulary';
import { loadVisitorId, newVisitorId } from './identity';
import { createLog } from './lib/debug';
import { loadChunk } from './lib/loadChunk';
import { CHOICE_KEY, forget, keep, save } from './lib/storage';
import { uuidv7 } from './lib/uuidv7';
import { newsletterLanding } from './newsletterLanding';
import { pageviewProps } from './pageviewProps';
import { watchPageviews } from './pageviews';
import { fitProps } from './fitProps';
import { endSession, nextInSession } from './session';
import { createTransport } from './transport';
import type { ChatApi, Config, EventInput, HoptrailEvent, Hoptrail, PageviewEvent, Props } from './types';

/**
 * Builds a tracker for one site. Every public method is wrapped so that nothing Hoptrail does can
 * throw into the host page; with `debug` the reason for anything dropped is logged.
 */
export function createTracker(config: Config): Hoptrail {
  const log = createLog(config.debug);
  const api = config.api.replace(/\/$/, '');
  let mode: Mode = 2;
  let visitorId: string;
  // Decides what may be sent and stored (consent.ts); withdrawing consent removes our ids from the device.
  const decide = () => {
    const was = mode;
    mode = privacyMode(config);
    keep(mode > 1);
    if (mode < was) forget();
    visitorId = mode > 1 ? loadVisitorId() : COOKIELESS;
  };
  decide();
  const transport = createTransport(api + '/v1/events', log);
  // What the core hands to the lazy `extras` chunk (chunks/extras.ts): every event emitted (pageviews,
  // named events, chat_ended: the survey gate sees them), survey ids to show, and chat calls with their
  // time. Kept until the chunk is in, which then takes over `push`.
  const calls: unknown[] = [];

  const emit = safe(log, (input: EventInput) => {
    if (!mode) return log('off');
    const ts = Date.now();
    const event = {
      id: uuidv7(),
      site: config.site,
      visitorId,
      // A pageview from a new campaign source starts a session (custom props named utm count too).
      ...nextInSession(ts, (input.props as PageviewEvent['props'])?.utm?.source),
      ts,
      url: location.href.slice(0, LIMITS.urlLength),
      ...input,
    } as HoptrailEvent;
    // Serialise now: an event that cannot be sent (over the event limit, counted in characters) is
    // dropped here, counted and explained, instead of poisoning every later batch.
    if (JSON.stringify(event).length > LIMITS.eventBytes) return transport._drop(), log('too big', input);
    transport.push(event);
    calls.push(input);
  });

  // Also called from pageview listeners, outside any public method: guard it too.
  // The URL is the envelope's (emit).
  const page = safe(log, (previousUrl?: string) => emit({ type: TYPE.pageview, props: pageviewProps(previousUrl) } as EventInput));

  // Props and traits within the shared limits before queueing (fitProps.ts): a bad value costs only itself.
  const fit = (props?: Props) => props && fitProps(props, log);

  const tracker: Hoptrail = {
    track(name, props) {
      if (typeof name != 'string' || !name) return log('no name');
      emit({ type: TYPE.event, name: name.slice(0, LIMITS.nameLength), props: fit(props) });
    },
    identify(customerId, traits, o) {
      if ((customerId ?? '') === '') return log('no id');
      if (mode < 2) return log('consent');
      // Undefined traits and signature are left out of the JSON sent.
      emit({ type: TYPE.identify, props: { customerId: String(customerId), traits: fit(traits), signature: o && o.signature } });
    },
    // Checked by the collector (schema/revenueEvents.ts); with `debug` its refusal is logged.
    purchase: (o) => emit({ type: TYPE.purchase, props: o }),
    reset() {
      visitorId = mode > 1 ? newVisitorId() : COOKIELESS;
      endSession();
    },
    page: () => page(),
    visitorId: () => visitorId,
    // The one method that returns a promise: it never rejects into the page either, since each send
    // catches its own failure (transport.ts); no `.catch` needed here.
    flush: transport.flush,
    consent(state) {
      save(CHOICE_KEY, state == 'granted' ? state : 'denied', true);
      decide();
    },
    optOut() {
      save(CHOICE_KEY, 'out', true);
      decide();
      transport._clear();
    },
    survey: later('survey'),
  } as Hoptrail;
  // Methods `extras` implements: the core only queues the call with its time.
  function later(method: keyof ChatApi | 'survey') {
    // Nothing at all when sending nothing (opted out): no chat or survey chunk, no survey read.
    return (o: unknown) => {
      if (mode) calls.push([method, o, Date.now()] as LaterCall);
    };
  }

  // Before watching pageviews: it rewrites the address, and the first view should see the clean one.
  // Synchronous, in the core: calls the snippet queued must come after that first view.
  // Only a visitor we may identify (not cookieless, GPC or without consent) is linked to the recipient.
  if (mode > 1) safe(log, () => newsletterLanding(api, config.site, visitorId))();
  // Options read from the script tag are strings ("false"); from init() booleans: '' + covers both.
  // Not wrapped in `safe`: it only adds listeners and calls `page`, which is.
  if ('' + config.autoPageviews != 'false') watchPageviews(page);
  // The lazy half: survey gate, chat, web vitals, signals, the history fallback (see sdk/README.md).
  // Not when sending nothing (opted out, excluded host, a privacy signal with gpc off): no request at all.
  // `.catch`, not a second `then` argument: an error inside the chunk must not become an unhandled rejection.
  if (mode)
    loadChunk<Extras>(api, 'extras')
      .then((m) => m.default(emit, config, tracker, calls, mode))
      .catch(log);
  for (const key of Object.keys(tracker) as (keyof Hoptrail)[]) tracker[key] = safe(log, tracker[key] as never) as never;
  // After the loop, which would wrap the object: queuing a call cannot throw.
  tracker.chat = { started: later('started'), message: later('message'), ended: later('ended') };
  return tracker;
}

/** A `hoptrail.chat` call: the method, its argument, and when it was made. */
export type ChatCall = [keyof ChatApi, unknown, number];
/** A call the core queued for `extras`: a chat call, or `survey(id)`. */
export type LaterCall = ChatCall | ['survey', unknown, number];
/** A lazy chunk's entry (vitals, signals): the guarded event emitter and the tracker's config. */
export type Chunk = { default: (emit: Emit, config: Config) => void };
/**
 * The `extras` chunk's entry. Arguments, not a context object: each key would cost core bytes.
 * `calls`: every event emitted, and the `LaterCall`s, queued until `extras` loaded; it replays them and
 * takes over `push`. `mode`: the privacy mode at start (consent.ts), 0 sends nothing.
 */
export type Extras = { default: (emit: Emit, config: Config, tracker: Hoptrail, calls: unknown[], mode: Mode) => void };
export type Emit = (input: EventInput) => void;

/** Runs `fn`, logging instead of throwing: the host page must never see Hoptrail's errors. */
function safe<A extends unknown[], R>(log: (...args: unknown[]) => void, fn: (...args: A) => R) {
  return (...args: A): R | undefined => {
    try {
      return fn(...args);
    } catch (err) {
      log(err);
    }
  };
}
