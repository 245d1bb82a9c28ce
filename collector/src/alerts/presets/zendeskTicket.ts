import { describeOccurrence, personLabel } from '../describeOccurrence';
import { cardUrl, journeyLines, type PersonFacts } from '../describePerson';
import type { Occurrence } from '../occurrence';

/**
 * The body of Zendesk's "Create Ticket" (POST /api/v2/tickets.json): `{ ticket: { subject, comment:
 * { body }, priority, tags, requester?, external_id } }`. The requester is the customer when their email
 * is known, so the ticket's own webhooks (ticket lifecycle) come back into the same journey. The
 * comment is private (an internal note for the agent) and holds the journey summary.
 */
export function zendeskTicket(o: Occurrence, facts: PersonFacts, dashboard: string, options: { priority: string; tags: string[] }) {
  const who = personLabel(facts);
  const body = [
    `${who} ${describeOccurrence(o)}.`,
    `Happy Index: ${facts.happyIndex.score} (${facts.happyIndex.band})`,
    `Customer card: ${cardUrl(dashboard, o.person)}`,
    '',
    'Recent journey (newest first):',
    ...journeyLines(facts.recent).map((l) => `- ${l}`),
  ].join('\n');
  return {
    ticket: {
      subject: `Hoptrail: ${who} ${describeOccurrence(o)}`.slice(0, 150),
      comment: { body, public: false },
      priority: options.priority,
      tags: options.tags,
      external_id: o.key,
      ...(facts.email ? { requester: { email: facts.email, ...(facts.name ? { name: facts.name } : {}) } } : {}),
    },
  };
}
