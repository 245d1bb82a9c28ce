import { COOKIELESS } from '../privacy/cookielessVisitorId';
import { eventSchema, type HoptrailEvent } from '../schema/event';
import { LIMITS } from '../schema/limits';
import { VOCABULARY } from '../schema/vocabulary';
import { CUSTOMER_VISITOR_PREFIX } from './customerVisitorId';
import { Refused } from './refusal';
import type { SourceRules } from './sourceRules';

/**
 * Types only the collector itself records (from the pixel, click links, server API and webhooks).
 * A page posting them could forge opens or tickets, so browser ingest refuses them.
 */
const SERVER_ONLY_TYPES = new Set<string>(Object.values(VOCABULARY).filter((e) => e.by !== 'sdk').map((e) => e.type));

/**
 * One event of a batch, whole or refused: the event schema is strict, so an event is either stored
 * exactly as validated or not at all, never with a field quietly dropped.
 */
export function validateEvent(raw: unknown, index: number, site: string, rules: SourceRules): HoptrailEvent | Refused {
  const field = `events[${index}]`;
  if (raw instanceof Refused) return raw;
  if (new TextEncoder().encode(JSON.stringify(raw) ?? '').byteLength > LIMITS.eventBytes) {
    return new Refused(field, `${field}: event is over the ${LIMITS.eventBytes}-byte limit`);
  }
  const type = (raw as { type?: unknown } | null)?.type;
  if (rules.pageRules && typeof type === 'string' && SERVER_ONLY_TYPES.has(type)) {
    return new Refused(`${field}.type`, `${field}.type: ${type} is recorded by the collector, not sent from pages`);
  }
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) return Refused.from(parsed.error, field);
  const event = parsed.data;
  if (event.site !== site) return new Refused(`${field}.site`, `${field}.site: every event of a batch must name the same site ("${site}")`);
  if (!rules.pageRules) return event;
  // customer:<id> visitors hold server-side events of a known customer; a page may not write into them.
  if (event.visitorId.startsWith(CUSTOMER_VISITOR_PREFIX)) {
    return new Refused(`${field}.visitorId`, `${field}.visitorId: ids starting with "${CUSTOMER_VISITOR_PREFIX}" are reserved`);
  }
  if (event.type === 'identify' && event.visitorId === COOKIELESS) {
    return new Refused(`${field}.visitorId`, `${field}.visitorId: a cookieless visitor cannot be identified`);
  }
  return event;
}
