import { loadChunk } from './lib/loadChunk';
import type { ChatApi, Config, EventInput, Hoptrail } from './types';

type Chunk = typeof import('./chunks/chat');

/**
 * `hoptrail.chat` in the core: each call is kept with the time it was made and handed to the lazy
 * `chat` chunk, which coerces it into an event (so timing is exact even while the chunk loads). The
 * chunk loads on the first call, or at once with `data-chat` to hook chat widgets. Byte-lean on
 * purpose (ARCHITECTURE.md, "Chat and tickets").
 */
export function createChat(base: string, config: Config, emit: (e: EventInput) => void, log: (...a: unknown[]) => void, tracker: () => Hoptrail): ChatApi {
  const queue: [keyof ChatApi, unknown, number][] = [];
  let run: ReturnType<Chunk['handler']> | undefined;
  let loading: Promise<unknown> | undefined;
  const load = () =>
    (loading ||= loadChunk<Chunk>(base, 'chat')
      .then((m) => {
        run = m.handler(emit as never, log, config.chatText);
        queue.splice(0).map((c) => run!(...c));
        if (config.chat) m.watch(base, tracker(), config.chat, log);
      })
      .catch(log));
  const call = (method: keyof ChatApi) => (o: unknown) => (run ? run(method, o, Date.now()) : (queue.push([method, o, Date.now()]), load()));
  if (config.chat) load();
  return { started: call('started'), message: call('message'), ended: call('ended') };
}
