/**
 * The ESM package's `loadChunk` (rollup swaps it in for lib/loadChunk.ts in that build): chunks are
 * part of the package, imported statically so the site's bundler splits them, instead of fetched from
 * the collector, whose build may be of another version than the package the site installed.
 */
const CHUNKS: Record<string, () => Promise<unknown>> = {
  extras: () => import('../chunks/extras'),
  survey: () => import('../chunks/survey'),
  vitals: () => import('../chunks/vitals'),
  signals: () => import('../chunks/signals'),
  chat: () => import('../chunks/chat'),
  'chat-crisp': () => import('../chunks/chat-crisp'),
  'chat-intercom': () => import('../chunks/chat-intercom'),
  'chat-tawk': () => import('../chunks/chat-tawk'),
  'chat-zendesk': () => import('../chunks/chat-zendesk'),
  'chat-hubspot': () => import('../chunks/chat-hubspot'),
};

export function loadChunk<T>(_api: string, name: string): Promise<T> {
  const load = CHUNKS[name];
  return load ? (load() as Promise<T>) : Promise.reject(new Error(`no chunk ${name}`));
}
