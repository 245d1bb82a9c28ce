import type { TestProject } from 'vitest/node';
// @ts-expect-error plain ESM helper shared with the benchmarks
import { startLocalCollector } from '../../scripts/lib/localCollector.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    collectorUrl: string;
  }
}

/**
 * Starts the collector exactly as `npm start` does (same migrations and dev keys, `wrangler dev
 * --local`), on a free port with a throwaway D1, and stops it after the e2e run.
 */
export default async function startCollector(project: TestProject) {
  const collector = await startLocalCollector();
  project.provide('collectorUrl', collector.url);
  return async () => {
    collector.stop();
    collector.cleanup();
  };
}
