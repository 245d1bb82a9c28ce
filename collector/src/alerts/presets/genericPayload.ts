import { cardUrl, journeyLines, type PersonFacts } from '../describePerson';
import { eventTypeOf, type Occurrence } from '../occurrence';

/**
 * The generic JSON webhook body, in the Standard Webhooks shape `{ type, timestamp, data }`. `data`
 * carries the occurrence as raised (answer, segment, ticket or scoreDrop), the person with the Happy
 * Index, a link to the customer card and the latest events.
 */
export function genericPayload(o: Occurrence, facts: PersonFacts, subscriptionId: string, dashboard: string) {
  const { site, key, at, person, subscriptionId: _only, kind, ...details } = o;
  return {
    type: eventTypeOf(o),
    timestamp: new Date(at).toISOString(),
    data: {
      site,
      subscriptionId,
      occurrence: key,
      kind,
      ...details,
      person: { ...person, name: facts.name, email: facts.email },
      happyIndex: facts.happyIndex,
      link: cardUrl(dashboard, person),
      journey: journeyLines(facts.recent),
    },
  };
}
