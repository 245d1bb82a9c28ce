import { CUSTOMER_VISITOR_PREFIX } from '../../ingest/customerVisitorId';
import { TYPE } from '../../schema/vocabulary';
import { refreshFunnelSql } from '../newsletterFunnel';
import { NEW_EVENTS, type Projection } from './types';

/**
 * newsletter_funnel (store/newsletterFunnel.ts): recomputes a recipient's row in a campaign when this
 * batch inserted one of their opens or clicks, or a pageview or identify of a browser visitor linked to
 * a recipient who has not yet come to the site (after identity, so this batch's links count). Only
 * rows this batch inserted are read, so a retry (all duplicates) recomputes nothing.
 */
export const newsletterFunnel: Projection = ({ db, site, batchId, idsJson, rows }) => {
  const statements: D1PreparedStatement[] = [];
  if (rows.some((r) => r.type === TYPE.newsletterOpen || r.type === TYPE.newsletterClick)) {
    statements.push(
      db
        .prepare(
          refreshFunnelSql(
            `SELECT site, name AS campaign, props->>'recipient' AS recipient FROM ${NEW_EVENTS}
             WHERE type IN ('${TYPE.newsletterOpen}', '${TYPE.newsletterClick}') AND source IN ('pixel', 'click')`,
          ),
        )
        .bind(site, idsJson, batchId),
    );
  }
  if (rows.some((r) => (r.type === TYPE.pageview || r.type === TYPE.identify) && !r.visitor_id.startsWith(CUSTOMER_VISITOR_PREFIX))) {
    // A visit can only make `came` true: rows where it already is have nothing to gain.
    statements.push(
      db
        .prepare(
          refreshFunnelSql(
            `SELECT f.site, f.campaign, f.recipient
             FROM (SELECT DISTINCT visitor_id FROM ${NEW_EVENTS} WHERE type IN ('${TYPE.pageview}', '${TYPE.identify}')
                   AND visitor_id NOT LIKE '${CUSTOMER_VISITOR_PREFIX}%') AS b
             CROSS JOIN identities AS i ON i.site = ?1 AND i.visitor_id = b.visitor_id
             CROSS JOIN newsletter_funnel AS f INDEXED BY newsletter_funnel_recipient ON f.site = ?1 AND f.recipient = i.customer_id
             WHERE f.came = 0`,
          ),
        )
        .bind(site, idsJson, batchId),
    );
  }
  return statements;
};
