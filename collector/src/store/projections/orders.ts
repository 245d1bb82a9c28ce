import { TYPE } from '../../schema/vocabulary';
import { NEW_EVENTS, type Projection } from './types';

/**
 * orders and refunds: each new purchase claims its order id (site, order_id is the key, so the first
 * purchase stored for an order wins and a repeat adds no revenue); each new refund is kept to be netted
 * against the order it names. Same transaction as the events insert.
 */
export const orders: Projection = ({ db, site, batchId, idsJson, rows }) => {
  const out: D1PreparedStatement[] = [];
  if (rows.some((r) => r.type === TYPE.purchase)) {
    out.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO orders (site, order_id, visitor_id, session_id, value, currency, ts, event_id)
           SELECT site, props->>'orderId', visitor_id, session_id, props->>'value', props->>'currency', ts, id
           FROM ${NEW_EVENTS} WHERE type = '${TYPE.purchase}' ORDER BY ts, id`,
        )
        .bind(site, idsJson, batchId),
    );
  }
  if (rows.some((r) => r.type === TYPE.refund)) {
    out.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO refunds (site, event_id, order_id, visitor_id, value, currency, ts)
           SELECT site, id, props->>'orderId', visitor_id, props->>'value', props->>'currency', ts
           FROM ${NEW_EVENTS} WHERE type = '${TYPE.refund}'`,
        )
        .bind(site, idsJson, batchId),
    );
  }
  return out;
};
