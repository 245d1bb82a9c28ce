import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';
import { testBindings, testRateLimits } from './testBindings.ts';

/**
 * The ingest behaviour tests again, with the ingest queue bound: the same Worker, but POST /v1/events
 * and server events go producer → real Miniflare queue → the Worker's `queue` consumer → D1.
 * Assertions are the same as on the direct path (test/ingestOutcome.ts waits for the consumer).
 * Only the ingest-related files run twice, to keep `npm test` lean.
 */
export default defineProject(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: path.join(import.meta.dirname, '../wrangler.toml') },
        miniflare: {
          bindings: testBindings(migrations),
          ratelimits: testRateLimits,
          queueProducers: {
            INGEST_QUEUE: { queueName: 'hoptrail-ingest' },
            INGEST_DLQ: { queueName: 'hoptrail-ingest-dlq' },
            ALERT_QUEUE: { queueName: 'hoptrail-alerts' },
          },
          // Delivered as soon as sent (production batches for up to 2 s; see wrangler.toml [env.queue]).
          // Batches of 10, not production's 100: a burst of requests then always spans several consumer
          // invocations, as it does in production when messages arrive over time.
          queueConsumers: {
            'hoptrail-ingest': { maxBatchSize: 10, maxBatchTimeout: 0, maxRetries: 3, deadLetterQueue: 'hoptrail-ingest-dlq', retryDelay: 0 },
            'hoptrail-ingest-dlq': { maxBatchSize: 100, maxBatchTimeout: 0, maxRetries: 3, retryDelay: 0 },
            'hoptrail-alerts': { maxBatchSize: 20, maxBatchTimeout: 0, maxRetries: 10 },
          },
        },
      }),
    ],
    test: {
      name: 'collector-queue',
      root: import.meta.dirname,
      include: ['test/ingest.test.ts', 'test/faults.test.ts', 'test/serverEvents.test.ts', 'test/delivery.test.ts', 'test/ingestQueue.test.ts', 'test/acquisition.test.ts', 'test/alertsQueue.test.ts', 'test/ingestCaches.test.ts'],
      setupFiles: ['test/setup/applyMigrations.ts'],
      // One workerd and one D1 for every file (each file starts from empty tables: the setup file).
      isolate: false,
    },
  };
});
