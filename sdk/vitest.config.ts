import { defineProject } from 'vitest/config';
import { sdkBuildId } from '../scripts/sdkBuildId.mjs';

export default defineProject({
  // What rollup's sdk-build plugin substitutes in the build (lazy chunks' URL, lib/loadChunk.ts).
  define: { __SDK_BUILD__: JSON.stringify(sdkBuildId()) },
  test: {
    name: 'sdk',
    root: import.meta.dirname,
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
  },
});
