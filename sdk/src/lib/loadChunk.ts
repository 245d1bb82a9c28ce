/**
 * Loads a lazy chunk (built from `sdk/src/chunks/<name>.ts`) from the collector, at a path that
 * carries the build's content id (scripts/sdkBuildId.mjs), so chunks are cached as immutable and never
 * mix with another build. A dynamic import() works from the classic script tag too, across origins
 * (the collector sends CORS *). The ESM package uses lib/loadChunkBundled.ts instead.
 */
declare const __SDK_BUILD__: string;

export function loadChunk<T>(api: string, name: string): Promise<T> {
  return import(/* @vite-ignore */ `${api}/sdk/${__SDK_BUILD__}/${name}.js`);
}
