/**
 * Purchases and refunds (types `purchase`, `refund`), from the SDK (`hoptrail.purchase`) or a site's
 * server (server events; refunds only from there).
 *
 *   value     the amount in the currency's major unit (19.99), >= 0; a refund's is the amount given back
 *   currency  ISO 4217 code, three uppercase letters (`EUR`); reports are per currency, never converted
 *   orderId   the site's own order id. Revenue counts each order id once per site (the first purchase
 *             stored wins; a repeat is kept as an event but adds no revenue); a refund names the order
 *             it refunds and is netted against it
 */
import * as z from './zod';
import type { Envelope } from './event';
import { LIMITS } from './limits';
import { TYPE } from './vocabulary';

export const revenuePropsSchema = z.strictObject({
  value: z.number().check(z.gte(0), z.lte(LIMITS.maxValue)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR" (three uppercase letters)')),
  orderId: z.string().check(z.minLength(1), z.maxLength(LIMITS.idLength)),
});
export type RevenueProps = z.infer<typeof revenuePropsSchema>;

/** Built from the shared envelope `event.ts` passes in (importing event.ts here would be a cycle). */
export function revenueSchemas(envelope: Envelope) {
  return [
    z.strictObject({ ...envelope, type: z.literal(TYPE.purchase), props: revenuePropsSchema }),
    z.strictObject({ ...envelope, type: z.literal(TYPE.refund), props: revenuePropsSchema }),
  ] as const;
}
