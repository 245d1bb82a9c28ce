/**
 * Lazy chunk, loaded at start: the lazy half of the core, so the script-tag build stays small.
 * - Takes the calls the core queued for it (every event emitted, survey ids, chat calls with their time)
 *   and, once in, each new one directly (it takes over `push`).
 * - Events and survey ids go to the survey gate (survey/gate.ts), which loads the widget when needed.
 * - Chat calls go to the `chat` chunk, loaded on the first one (or at once with `data-chat`).
 * - Loads web vitals and signals (rage clicks, JS errors, outbound links, downloads) unless turned off.
 * - Where the Navigation API is missing, watches history for SPA pageviews (watchHistory.ts).
 */
import type { ChatCall, Chunk, Extras, LaterCall } from '../createTracker';
import { createLog } from '../lib/debug';
import { loadChunk } from '../lib/loadChunk';
import { surveyGate } from '../survey/gate';
import type { EventInput } from '../types';
import { watchHistory } from '../watchHistory';

const extras: Extras['default'] = (emit, config, tracker, calls, mode) => {
  watchHistory();
  // Derived here rather than handed over: each key the core passes costs core bytes.
  const api = config.api.replace(/\/$/, '');
  const log = createLog(config.debug);
  const gate = surveyGate(emit, api, config.site, tracker);
  // Chat calls wait (in order) for the chat chunk; once it is in, they run at once.
  let chat: ((call: ChatCall) => void) | undefined;
  let loading: Promise<void> | undefined;
  const waiting: ChatCall[] = [];
  const loadChat = () =>
    (loading ||= loadChunk<typeof import('./chat')>(api, 'chat')
      .then((m) => {
        chat = m.default(emit, config, { api, log, tracker });
        waiting.splice(0).forEach(chat);
      })
      .catch(log));
  const take = (c: EventInput | LaterCall) =>
    !Array.isArray(c) ? gate(c) : c[0] == 'survey' ? gate(c[1] as string) : chat ? chat(c) : (waiting.push(c), loadChat());
  if (config.chat) loadChat();
  (calls.splice(0) as (EventInput | LaterCall)[]).forEach(take);
  calls.push = (...c) => (c.forEach(take as never), 0);
  // Options read from the script tag are strings ("false"); from init() booleans: '' + covers both.
  for (const name of ['vitals', 'signals'] as const)
    if (mode && '' + config[name] != 'false')
      loadChunk<Chunk>(api, name)
        .then((m) => m.default(emit, config))
        .catch(log);
};
export default extras;
