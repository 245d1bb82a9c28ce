import { subjectSql } from '../store/subject';

/**
 * Events of the site joined to their person (store/subject.ts: the customer when identified, else the
 * visitor), as a FROM clause: `e` is the event, `person` its subject key. ?1 must be the site.
 */
export const EVENTS_WITH_PERSON = `events e CROSS JOIN visitors v ON v.site = e.site AND v.visitor_id = e.visitor_id`;
export const PERSON = subjectSql('v');
