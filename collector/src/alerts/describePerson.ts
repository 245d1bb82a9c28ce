import { subjectScore } from '../score/subjectScore';
import { getCustomer } from '../store/customers';
import { recentEvents, type RecentEvent } from '../store/recentEvents';
import { getScoreConfig } from '../store/scoreConfig';
import { customerMemberIds } from '../store/subject';
import type { Person } from './occurrence';

/** Events in a journey summary (Zendesk ticket, generic payload). */
const SUMMARY_EVENTS = 12;

/** What every preset says about the person: who, their Happy Index now, and what they did lately. */
export interface PersonFacts extends Person {
  /** name/email traits when the customer has them (Zendesk requester, Slack line). */
  name: string | null;
  email: string | null;
  happyIndex: { score: number; band: string };
  recent: RecentEvent[];
}

export async function describePerson(db: D1Database, site: string, person: Person, at: number): Promise<PersonFacts> {
  const customer = person.customerId ? await getCustomer(db, site, person.customerId) : null;
  const visitorIds = person.customerId ? await customerMemberIds(db, site, person.customerId) : [person.visitorId];
  const { config } = await getScoreConfig(db, site);
  const [score, recent] = await Promise.all([subjectScore(db, site, config, visitorIds, at), recentEvents(db, site, visitorIds, SUMMARY_EVENTS)]);
  const trait = (k: string) => (typeof customer?.traits[k] === 'string' ? (customer.traits[k] as string) : null);
  return {
    ...person,
    name: trait('name'),
    email: trait('email'),
    happyIndex: { score: score.score, band: score.band },
    recent,
  };
}

/** The customer card in the dashboard (a visitor's card when the person is anonymous). */
export const cardUrl = (dashboard: string, p: Person) =>
  p.customerId ? `${dashboard}/dashboard/#/customers/${encodeURIComponent(p.customerId)}` : `${dashboard}/dashboard/#/visitors/${encodeURIComponent(p.visitorId)}`;

/** One line per recent event, newest first: "2026-12-05 10:02 survey_answered nps=3 /checkout". */
export function journeyLines(recent: readonly RecentEvent[]): string[] {
  return recent.map((e) => {
    const when = new Date(e.ts).toISOString().slice(0, 16).replace('T', ' ');
    const what = e.type === 'event' && e.name ? e.name : e.type;
    const detail =
      e.type === 'survey_answered' ? ` ${String(e.props.questionId)}=${JSON.stringify(e.props.value)}` : e.type.startsWith('ticket_') ? ` #${String(e.props.ticketId)}` : '';
    return `${when} ${what}${detail}${e.path ? ` ${e.path}` : ''}`;
  });
}
