import type { Env } from '../env';
import { checkOpenTickets } from './checkOpenTickets';
import { checkPeople } from './checkPeople';
import { drainOutbox } from './drainOutbox';
import { processInbox } from './processInbox';

/**
 * The per-minute alert run (wrangler.toml cron `* * * * *`): raise what ingest left in the inbox (queued
 * ingest, a failed immediate raise), the time- and state-based checks, then drain the outbox (due
 * retries, first tries nobody made). Each step runs even if an earlier one failed.
 */
export async function runAlerts(env: Env, now: number): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    ['inbox', () => processInbox(env, { now })],
    ['open tickets', () => checkOpenTickets(env, now)],
    ['people', () => checkPeople(env, now)],
    ['outbox', () => drainOutbox(env, now)],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      console.error(`alerts: ${name} step failed`, err);
    }
  }
}
