import { CUSTOMER_VISITOR_PREFIX, customerVisitorId } from '../ingest/customerVisitorId';
import type { ScoreConfig } from '../score/scoreConfig';
import type { Clustering } from '../segments/clusterPeople';
import { clusteringFrom, clusteringStatement } from './clusterings';
import { scoreConfigFrom, scoreConfigStatement } from './scoreConfig';
import { trendInputsFrom, trendStatements, type TrendInputs } from './scoreState';
import {
  latestNpsFrom,
  latestNpsStatement,
  newsletterReadingFrom,
  newsletterReadingStatement,
  sessionsFrom,
  sessionsStatement,
} from './segments';
import { MEMBERS_SELECT, peopleFrom, peopleMembersCte, subjectSql, type IdSource, type MemberRow, type People } from './subject';
import { visitorFrom, visitorStatement, type VisitorSummary } from './visitors';

/** Whose card: a visitor (its person, store/subject.ts) or a customer. */
export type CardSubject = { visitorId: string } | { customerId: string };

/** What a score card shows, as read (the route computes the score and segments from it). */
export interface ScoreCardReads {
  /** The visitor, or the customer as its `customer:<id>` row (events 0). */
  row: VisitorSummary;
  config: ScoreConfig;
  people: People;
  /** The members' trend inputs since `since`. */
  trend: TrendInputs;
  nps: Map<string, { value: number; ts: number }>;
  sessions: Map<string, number>;
  newsletter: Map<string, { read: boolean; viewed: boolean }>;
  /** The person's group in the latest clustering, and that clustering. */
  clusterId: string | undefined;
  clustering: Clustering | null;
}

/**
 * Everything a visitor's or customer's score card needs, in one db.batch (one D1 round trip): the row,
 * the site's model, the person's members, their trend inputs since `since`, the built-in segments' facts
 * and the cluster. No statement waits for another: each finds the person's members itself in SQL from
 * ?2 (the visitor or customer id) with the CTEs resolveSubjects uses, so the ids are the same and come
 * in the same order. Null when the visitor or customer is unknown.
 */
export async function readScoreCard(db: D1Database, site: string, who: CardSubject, since: number): Promise<ScoreCardReads | null> {
  const byVisitor = 'visitorId' in who;
  const id = byVisitor ? who.visitorId : who.customerId;
  // page_people: the card's one row, as resolveSubjects would be given it.
  const pagePeople = byVisitor
    ? 'SELECT visitor_id, customer_id FROM visitors WHERE site = ?1 AND visitor_id = ?2'
    : `SELECT '${CUSTOMER_VISITOR_PREFIX}' || ?2 AS visitor_id, ?2 AS customer_id`;
  const people = `WITH ${peopleMembersCte(pagePeople)}`;
  const source: IdSource = { with: `${people}, card_ids(value) AS (SELECT visitor_id FROM subject_members) `, ids: 'card_ids', param: id };
  const [head, config, members, state, recent, firstDay, nps, sessions, newsletter, cluster, clustering] = await db.batch([
    byVisitor
      ? visitorStatement(db, site, id)
      : db.prepare('SELECT customer_id, first_seen, last_seen FROM customers WHERE site = ? AND customer_id = ?').bind(site, id),
    scoreConfigStatement(db, site),
    db.prepare(`${people} ${MEMBERS_SELECT}`).bind(site, id),
    ...trendStatements(db, site, source, since),
    latestNpsStatement(db, site, source),
    sessionsStatement(db, site, source),
    newsletterReadingStatement(db, site, source),
    db
      .prepare(`${people} SELECT cluster_id FROM cluster_membership WHERE site = ?1 AND visitor_id IN (SELECT ${subjectSql('p')} FROM page_people p)`)
      .bind(site, id),
    clusteringStatement(db, site),
  ]);
  const row = byVisitor ? visitorFrom(head) : customerRow(head);
  if (!row) return null;
  const clusterId = (cluster.results as { cluster_id: string }[])[0]?.cluster_id;
  return {
    row,
    config: scoreConfigFrom(config).config,
    people: peopleFrom([row], members.results as MemberRow[]),
    trend: trendInputsFrom([state, recent, firstDay]),
    nps: latestNpsFrom(nps),
    sessions: sessionsFrom(sessions),
    newsletter: newsletterReadingFrom(newsletter),
    clusterId,
    // Only a member's card shows the clustering (its group's description): parsed only then.
    clustering: clusterId === undefined ? null : clusteringFrom(clustering),
  };
}

function customerRow(result: D1Result): VisitorSummary | null {
  const r = (result.results as { customer_id: string; first_seen: number; last_seen: number }[])[0];
  return r ? { visitorId: customerVisitorId(r.customer_id), customerId: r.customer_id, firstSeen: r.first_seen, lastSeen: r.last_seen, events: 0 } : null;
}
