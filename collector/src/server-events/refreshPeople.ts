import { BUILTIN_NAMES } from '../segments/builtinSegments';
import { builtinMemberships } from '../segments/matchSegment';
import { subjectScore } from '../score/subjectScore';
import { getCustomer } from '../store/customers';
import { getScoreConfig } from '../store/scoreConfig';
import { recomputeScoreStateOf } from '../store/scoreState';
import { getVisitors } from '../store/visitors';

export interface RefreshedPerson {
  customerId: string;
  score: number;
  band: string;
  /** Built-in segments the customer is in now (through any of its devices or its server-side events). */
  segments: string[];
}

/**
 * After a backfill: rebuilds the score state of every visitor id of the customers it touched from
 * their whole history (the same statements as ingest, at today's half-lives), then reads each one's
 * Happy Index and built-in segments, so the caller sees what the imported history changed.
 */
export async function refreshPeople(db: D1Database, site: string, customerIds: string[], now: number): Promise<RefreshedPerson[]> {
  const customers = (await Promise.all([...new Set(customerIds)].map((id) => getCustomer(db, site, id)))).filter((c) => c !== null);
  await recomputeScoreStateOf(db, site, customers.flatMap((c) => c.visitorIds));
  const { config } = await getScoreConfig(db, site);
  const people: RefreshedPerson[] = [];
  for (const customer of customers) {
    const { score, band } = await subjectScore(db, site, config, customer.visitorIds, now);
    const members = await builtinMemberships(db, site, config, await getVisitors(db, site, customer.visitorIds), now);
    const segments = BUILTIN_NAMES.filter((name) => customer.visitorIds.some((v) => members.get(name)!.has(v)));
    people.push({ customerId: customer.customerId, score, band, segments });
  }
  return people;
}
