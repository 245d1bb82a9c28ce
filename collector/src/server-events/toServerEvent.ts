import { customerVisitorId } from '../ingest/customerVisitorId';
import type { ServerEventInput } from '../schema/serverEvents';

/** Session id for events with no browser session (server API, webhooks). */
export const SERVER_SESSION = 'server-events';

/**
 * A caller's server event as an event in the one schema (validated afterwards): stored under the
 * customer's pseudo-visitor, with an id namespaced so it cannot collide with browser-made ids.
 */
export function toServerEvent(site: string, input: ServerEventInput, customerId: string, receivedAt: number) {
  return {
    id: `srv:${input.id}`,
    site,
    type: input.type,
    visitorId: customerVisitorId(customerId),
    sessionId: SERVER_SESSION,
    seq: 0,
    ts: input.ts ?? receivedAt,
    ...(input.name !== undefined && { name: input.name }),
    ...(input.props !== undefined && { props: input.props }),
    // Server identify: the one schema's identify payload, under the customer's pseudo-visitor.
    ...(input.type === 'identify' && { props: { customerId, ...(input.traits !== undefined && { traits: input.traits }) } }),
  };
}
