import { NEW_EVENTS, type Projection } from './types';

/** Event types an alert trigger reads from the inbox (survey answers; ticket reopens). */
export const INBOX_TYPES = ['survey_answered', 'ticket_updated'] as const;
const TICKET_TYPES = new Set(['ticket_opened', 'ticket_resolved']);

/** The site has a subscription of one of these trigger kinds (the statements do nothing otherwise). */
const hasSubscription = (kinds: string) => `EXISTS (SELECT 1 FROM alert_subscriptions WHERE site = ?1 AND trigger_kind IN (${kinds}))`;

/**
 * Feeds the alerts (collector/src/alerts) in the same transaction as the events, from the rows this batch
 * inserted, so an answer is raised once however often its batch is retried, whether it came straight in
 * or through the ingest queue: survey answers and ticket updates into alert_inbox, the people with new
 * events into alert_touched (segment and score-drop checks), open tickets into alert_open_tickets.
 */
export const alertInbox: Projection = ({ db, site, batchId, idsJson, rows }) => {
  const out: D1PreparedStatement[] = [];
  if (rows.some((r) => (INBOX_TYPES as readonly string[]).includes(r.type))) {
    out.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO alert_inbox (site, event_id, visitor_id, type, ts, props)
           SELECT e.site, e.id, e.visitor_id, e.type, e.ts, e.props FROM ${NEW_EVENTS} AS e
           WHERE e.type IN ('survey_answered', 'ticket_updated') AND ${hasSubscription(`'survey_answer', 'ticket'`)}`,
        )
        .bind(site, idsJson, batchId),
    );
  }
  if (rows.some((r) => TICKET_TYPES.has(r.type))) {
    out.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO alert_open_tickets (site, helpdesk, ticket_id, visitor_id, opened_at, subject)
           SELECT e.site, coalesce(e.props->>'helpdesk', ''), e.props->>'ticketId', e.visitor_id, e.ts, e.props->>'subject' FROM ${NEW_EVENTS} AS e
           WHERE e.type = 'ticket_opened' AND ${hasSubscription(`'ticket'`)}`,
        )
        .bind(site, idsJson, batchId),
      db
        .prepare(
          `DELETE FROM alert_open_tickets WHERE site = ?1 AND (helpdesk, ticket_id) IN (
             SELECT coalesce(e.props->>'helpdesk', ''), e.props->>'ticketId' FROM ${NEW_EVENTS} AS e WHERE e.type = 'ticket_resolved')`,
        )
        .bind(site, idsJson, batchId),
    );
  }
  out.push(
    db
      .prepare(`INSERT OR IGNORE INTO alert_touched (site, visitor_id) SELECT DISTINCT ?1, e.visitor_id FROM ${NEW_EVENTS} AS e WHERE ${hasSubscription(`'segment', 'score_drop'`)}`)
      .bind(site, idsJson, batchId),
  );
  return out;
};
