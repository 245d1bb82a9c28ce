import { sha256Hex } from '../lib/hash';

/**
 * The webhook-id of one (subscription, occurrence) pair: derived, not random, so raising the same
 * occurrence again (a retried batch, the cron catching up after the immediate path) finds the row
 * already in the outbox. Receivers dedupe on it (Standard Webhooks: "idempotency").
 */
export async function deliveryId(subscriptionId: string, occurrenceKey: string): Promise<string> {
  return `msg_${(await sha256Hex(`${subscriptionId}\n${occurrenceKey}`)).slice(0, 32)}`;
}
