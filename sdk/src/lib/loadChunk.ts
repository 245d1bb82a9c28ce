/**
 * Loads a lazy chunk (built from `sdk/src/chunks/<name>.ts`) from the collector, at a path that
 * carries the SDK version, so chunks can be cached as immutable and never mix with another release.
 * A dynamic import() works from the classic script tag too, across origins (the collector sends CORS *).
 */
declare const __SDK_VERSION__: string;

export function loadChunk<T>(api: string, name: string): Promise<T> {
  return import(/* @vite-ignore */ `${api}/sdk/${__SDK_VERSION__}/${name}.js`);
}
