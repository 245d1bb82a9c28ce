/**
 * The survey widget, loaded by the core (sdk/src/surveys.ts) only when a survey could show on this
 * page. It decides the rest — audience, sampling, fatigue, cross-channel, delay, scroll, exit intent,
 * named events — renders, and sends survey_shown / survey_answered / survey_dismissed.
 */
import { uuidv7 } from '../lib/uuidv7';
import { TYPE } from '../../../collector/src/schema/vocabulary';
import type { SURVEY_CHANNELS } from '../../../collector/src/schema/surveyEvents';
import { DAY, FOREVER, readOff, rest, sampledIn } from '../survey/fatigue';
import { matchPage } from '../survey/matchPage';
import { renderSurvey } from '../survey/renderSurvey';
import { uiStrings } from '../survey/strings';
import { type Survey, type SurveyData } from '../survey/types';
import type { EventInput } from '../types';

/** What the core calls. Not `_`-prefixed: property mangling differs between the core and the chunk. */
export interface SurveyWidget {
  onEvent(input: EventInput): void;
  show(id: string): void;
}

type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
type Trigger = 'page' | 'event' | 'chat' | 'newsletter' | 'api' | 'inline' | 'ticket';

/**
 * Called by the core with the survey API base (`…/v1/sites/:site/surveys/`), the active list, the
 * tracker's emit and visitor id, and the event that made it load (`pageview`, a custom event's name,
 * or `chat_ended`). Positional, so the core's call stays short.
 */
export function start(
  base: string,
  data: SurveyData,
  emit: (input: EventInput) => void,
  visitorId: () => string,
  after?: string,
): SurveyWidget {
  const { surveys, settings } = data;
  let identified = false;
  // Surveys targeted at a segment this visitor is in (the collector decides; see segmentEligibility.ts).
  let segmentOk: string[] = [];
  // Follow-ups due after a resolved ticket: survey id → the ticket's opaque ref (see ticketFollowUp.ts).
  let tickets: Record<string, string> = {};
  let open = false;
  let pageStart = Date.now();
  let disarm: (() => void)[] = [];
  const filled = new WeakSet<Element>();

  // What only the collector knows: identified on another page or device, answers in other channels.
  const ready = fetch(`${base}visitors/${visitorId()}`)
    .then((r) => r.json())
    .then((v: { answeredElsewhereAt: number | null; identified: boolean; segmentOk?: string[]; ticketFollowUp?: Record<string, string> }) => {
      identified ||= v.identified;
      segmentOk = v.segmentOk || [];
      tickets = v.ticketFollowUp || {};
      if (settings.crossChannelDays && v.answeredElsewhereAt) restPopups(v.answeredElsewhereAt + settings.crossChannelDays * DAY);
    })
    .catch(() => {});

  // Site-wide rests (budget, cross-channel) are written per pop-up, so the core checks one key per survey.
  // `*` also holds back pop-ups created later.
  const restPopups = (until: number) => ['*', ...surveys.filter((s) => s.gate).map((s) => s.id)].forEach((id) => rest(id, until));

  const allowed = (s: Survey) => {
    // A hosted survey page shows its one survey, asked for by id: nothing of the site's own targeting.
    if (document.querySelector('[data-hoptrail-hosted]')) return false;
    const off = readOff();
    const now = Date.now();
    const t = s.targeting;
    if (now < off[s.id] || (s.gate && now < off['*']) || (t.audience == 'identified' && !identified)) return false;
    if ((t.segment && !segmentOk.includes(s.id)) || (t.ticketResolved && !tickets[s.id])) return false;
    if (!sampledIn(visitorId(), s.id, t.samplePercent)) {
      // Sampled out: let the core skip loading this chunk for a week.
      rest(s.id, now + 7 * DAY);
      return false;
    }
    return matchPage(s);
  };

  const show = (s: Survey, trigger: Trigger, target?: Element | null, triggerEvent?: string) => {
    const popup = !target;
    if (popup && open) return;
    open ||= popup;
    const now = Date.now();
    const { repeat, days } = s.fatigue;
    if (repeat != 'untilAnswered') rest(s.id, repeat == 'once' ? FOREVER : now + days! * DAY);
    // Dismissed or answered, a pop-up counts against the site-wide budget from the moment it shows.
    if (popup && settings.budgetDays) restPopups(now + settings.budgetDays * DAY);

    const pageLang = (document.documentElement.lang || navigator.language || s.lang).toLowerCase();
    const lang = [pageLang, pageLang.split('-')[0]].find((l) => s.translations[l]) || s.lang;
    const tr = s.translations[lang];
    const t = uiStrings(lang);
    const campaign = new URLSearchParams(location.search).get('utm_campaign');
    const ticketRef = tickets[s.id];
    // Asked once per ticket: the collector stops offering this ref once survey_shown carries it.
    delete tickets[s.id];
    // A hosted page (collector routes/hostedSurvey.ts) sets the response id, the channel and a score.
    const hosted = (name: string) => target?.getAttribute('data-hoptrail-' + name);
    const props = {
      surveyId: s.id,
      responseId: hosted('response') || uuidv7(),
      channel: (hosted('channel') || 'web') as SurveyChannel,
      trigger,
      lang,
      ...(triggerEvent && { triggerEvent }),
      ...(ticketRef && { ticketRef }),
      ...(campaign && { campaign }),
    };
    emit({ type: TYPE.surveyShown, props });
    let answered = 0;
    const settle = () => repeat == 'untilAnswered' && rest(s.id, FOREVER);
    renderSurvey(
      s,
      {
        title: tr?.title || s.title || t.title,
        thankYou: tr?.thankYou || s.thankYou || t.thanks,
        questions: s.questions.map((q) => ({ ...q, ...tr?.questions[q.id] }) as never),
        t,
      },
      target || undefined,
      {
        answer(q, value, completed) {
          answered++;
          settle();
          if (completed && popup) open = false;
          // A rating carries its scale: 4 of 5 and 4 of 10 are different answers.
          emit({ type: TYPE.surveyAnswered, props: { ...props, questionId: q.id, questionType: q.type, value, ...(q.type == 'rating' && { scale: q.scale }), completed } });
        },
        dismiss(questionId) {
          settle();
          if (popup) open = false;
          emit({ type: TYPE.surveyDismissed, props: { ...props, answered, ...(questionId && { questionId }) } });
        },
      },
      hosted('value'),
    );
  };

  /** A new page (load or SPA navigation): drop what was armed for the last one, arm this one's. */
  const onPage = () => {
    disarm.forEach((f) => f());
    disarm = [];
    pageStart = Date.now();
    document.querySelectorAll('[data-hoptrail-survey]').forEach((el) => {
      const s = surveys.find((x) => x.id == el.getAttribute('data-hoptrail-survey'));
      if (!filled.has(el) && s && allowed(s)) {
        filled.add(el);
        show(s, 'inline', el);
      }
    });
    for (const s of surveys) {
      const t = s.targeting;
      if (s.placement.kind == 'popup' && !t.event && !t.chatEnded && allowed(s)) arm(s);
    }
  };

  /** Waits for the survey's delay, scroll depth and exit intent (all that it sets), then shows it. */
  const arm = (s: Survey) => {
    const t = s.targeting;
    // Exit intent needs a pointer that can leave the window: desktop only.
    if (t.exitIntent && !matchMedia('(pointer:fine)').matches) return;
    let left = !t.exitIntent;
    const wait = (t.delaySeconds || 0) * 1000;
    const test = () => {
      const d = document.documentElement;
      const depth = d.scrollHeight <= innerHeight ? 100 : ((scrollY + innerHeight) / d.scrollHeight) * 100;
      if (left && Date.now() - pageStart >= wait && depth >= (t.scrollPercent || 0) && !open && allowed(s)) {
        stop();
        show(s, t.ticketResolved ? 'ticket' : t.newsletterVisit ? 'newsletter' : 'page');
      }
    };
    const onLeave = (e: MouseEvent) => {
      if (!e.relatedTarget && e.clientY <= 0) {
        left = true;
        test();
      }
    };
    const timer = setTimeout(test, wait);
    const stop = () => {
      clearTimeout(timer);
      removeEventListener('scroll', test);
      document.removeEventListener('mouseout', onLeave);
    };
    addEventListener('scroll', test, { passive: true });
    document.addEventListener('mouseout', onLeave);
    disarm.push(stop);
  };

  const onEvent = (e: EventInput) => {
    if (e.type == TYPE.pageview) return onPage();
    if (e.type == TYPE.identify) identified = true;
    const named = e.type == TYPE.event ? e.name : e.type;
    const s = surveys.find(
      (x) =>
        x.placement.kind == 'popup' &&
        (x.targeting.event ? named == x.targeting.event : x.targeting.chatEnded && named == TYPE.chatEnded) &&
        allowed(x),
    );
    if (s) show(s, s.targeting.event ? 'event' : 'chat', undefined, named);
  };

  ready.then(() => {
    onPage();
    if (after && after != TYPE.pageview) onEvent({ type: TYPE.event, name: after });
  });

  return {
    onEvent: (e) => ready.then(() => onEvent(e)),
    show: (id) =>
      ready.then(() => {
        const s = surveys.find((x) => x.id == id);
        const slot = (attr: string) => document.querySelector(`[data-hoptrail-${attr}="${CSS.escape(id)}"]`);
        // A hosted page's container takes any survey inline; elsewhere only an inline survey fills its slot.
        if (s) show(s, 'api', slot('hosted') || (s.placement.kind == 'inline' ? slot('survey') : null));
      }),
  };
}
