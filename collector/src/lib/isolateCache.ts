/**
 * A per-isolate cache of reads the ingest path makes on every request (settings that change rarely).
 * An entry lives `ttlMs`: that bounds how stale another isolate can be after a change; the isolate that
 * makes the change calls `forget` and sees it at once. The promise is cached, so a burst of concurrent
 * first requests shares one read; a failed read is not remembered.
 */
export function isolateCache<T>(ttlMs: number, maxEntries = 10_000) {
  const entries = new Map<string, { until: number; value: Promise<T> }>();
  return {
    get(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && hit.until > Date.now()) return hit.value;
      const value = load();
      if (entries.size >= maxEntries) entries.clear(); // bounded memory under a flood of distinct keys
      const entry = { until: Date.now() + ttlMs, value };
      entries.set(key, entry);
      value.catch(() => entries.get(key) === entry && entries.delete(key));
      return value;
    },
    forget(key: string): void {
      entries.delete(key);
    },
  };
}

/** How long a setting read on the ingest path may be stale in an isolate that did not make the change. */
export const SETTINGS_TTL_MS = 60_000;
