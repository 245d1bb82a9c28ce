import type { Env } from '../env';
import { constantTimeEqual } from '../lib/hash';
import type { HoptrailEvent, IdentifyEvent } from '../schema/event';
import { countFiltered } from '../store/ingestFiltered';
import { identityPolicy } from './identityPolicy';
import { identitySignature } from './identitySignature';

/** An event of a batch that was not stored, and why (the ingest answer's `refused` entries). */
export interface Refusal {
  index: number;
  field: string;
  message: string;
}

/** ingest-stats `filtered` reasons for refused browser identifies. */
export const IDENTIFY_UNSIGNED = 'identify_unsigned';
export const IDENTIFY_BAD_SIGNATURE = 'identify_bad_signature';

/**
 * Browser identifies must prove the customer id with `props.signature` = HMAC-SHA256(site identity
 * secret, customerId) when the site is in `signed` mode; a signature that is present but wrong is
 * refused in either mode. Refused identifies are left out (the visitor stays anonymous; the batch's
 * other events go on) and reported by their index in the batch. The signature is a credential for that
 * customer id, so it is never stored. `count` records the refusals in ingest-stats once the batch is
 * stored.
 */
export async function checkIdentifies(env: Env, site: string, events: HoptrailEvent[], now: number) {
  const refused: Refusal[] = [];
  const reasons = new Map<string, number>();
  const count = async () => {
    for (const [reason, n] of reasons) await countFiltered(env.DB, site, reason, n, now);
  };
  if (!events.some((e) => e.type === 'identify')) return { events, refused, count };

  const policy = await identityPolicy(env, site, now);
  const kept: HoptrailEvent[] = [];
  for (const [index, event] of events.entries()) {
    if (event.type !== 'identify') {
      kept.push(event);
      continue;
    }
    const { signature, ...props } = event.props;
    const verdict = signature === undefined ? (policy.mode === 'open' ? 'ok' : IDENTIFY_UNSIGNED) : (await signedBy(policy.secrets, props.customerId, signature)) ? 'ok' : IDENTIFY_BAD_SIGNATURE;
    if (verdict === 'ok') {
      kept.push({ ...event, props } satisfies IdentifyEvent);
      continue;
    }
    reasons.set(verdict, (reasons.get(verdict) ?? 0) + 1);
    refused.push({
      index,
      field: `events[${index}].props.signature`,
      message:
        verdict === IDENTIFY_UNSIGNED
          ? `events[${index}].props.signature: this site accepts only signed identifies (HMAC-SHA256 of the customer id with the site's identity secret)`
          : `events[${index}].props.signature: does not match the customer id for this site's identity secret`,
    });
  }
  return { events: kept, refused, count };
}

async function signedBy(secrets: string[], customerId: string, signature: string): Promise<boolean> {
  let match = false;
  for (const secret of secrets) match = constantTimeEqual(await identitySignature(secret, customerId), signature.toLowerCase()) || match;
  return match;
}
