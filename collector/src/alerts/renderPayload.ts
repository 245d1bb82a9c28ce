import type { PersonFacts } from './describePerson';
import type { Occurrence } from './occurrence';
import { genericPayload } from './presets/genericPayload';
import { slackMessage } from './presets/slackMessage';
import { zendeskTicket } from './presets/zendeskTicket';
import type { Subscription } from './subscriptionSchema';

/** The exact body a subscription's destination gets for an occurrence (stored in the outbox as sent). */
export function renderPayload(sub: Subscription, o: Occurrence, facts: PersonFacts): string {
  const d = sub.destination;
  if (d.kind === 'slack') return JSON.stringify(slackMessage(o, facts, d.dashboard));
  if (d.kind === 'zendesk') return JSON.stringify(zendeskTicket(o, facts, d.dashboard, d));
  return JSON.stringify(genericPayload(o, facts, sub.id, d.dashboard));
}

/** Where a destination is POSTed. */
export function targetUrl(sub: Subscription): string {
  const d = sub.destination;
  return d.kind === 'zendesk' ? `${d.url.replace(/\/+$/, '')}/api/v2/tickets.json` : d.url;
}
