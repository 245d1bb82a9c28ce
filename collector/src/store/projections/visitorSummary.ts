import { NEW_EVENTS, type Projection } from './types';
import { TYPE } from '../../schema/vocabulary';

/**
 * visitors: first/last seen and event counts, from the rows this batch inserted. Being sent a newsletter
 * (`newsletter_received`) is not activity: it makes no one "seen", engaged or counted in the overview.
 */
export const visitorSummary: Projection = ({ db, site, batchId, idsJson }) => [
  db
    .prepare(
      `INSERT INTO visitors (site, visitor_id, first_seen, last_seen, events)
       SELECT site, visitor_id, min(ts), max(ts), count(*) FROM ${NEW_EVENTS} WHERE type <> '${TYPE.newsletterReceived}'
       GROUP BY visitor_id
       ON CONFLICT (site, visitor_id) DO UPDATE SET
         first_seen = min(first_seen, excluded.first_seen),
         last_seen = max(last_seen, excluded.last_seen),
         events = events + excluded.events`,
    )
    .bind(site, idsJson, batchId),
];
