import type { TestProject } from 'vitest/node';
// @ts-expect-error plain ESM helper shared with the benchmarks
import { startLocalCollector } from '../../scripts/lib/localCollector.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    collectorUrl: string;
    /** The collector's local state directory: `hoptrail keys bootstrap --persist-to` writes its D1 while it runs. */
    collectorPersist: string;
  }
}

/**
 * Starts the collector as `npm start` does (same migrations and dev keys, `wrangler dev --local`), on a
 * free port with a throwaway D1, and stops it after the e2e run.
 */
export default async function startCollector(project: TestProject) {
  // --test-scheduled: alert tests drive the per-minute cron through /__scheduled; alert retries start after
  // 1 s instead of 30 s (ALERT_RETRY_BASE_SECONDS), so a receiver that was down is retried within the test.
  const collector = await startLocalCollector({ testScheduled: true, vars: { ALERT_RETRY_BASE_SECONDS: '1' } });
  project.provide('collectorUrl', collector.url);
  project.provide('collectorPersist', collector.persist);
  return async () => {
    collector.stop();
    collector.cleanup();
  };
}
