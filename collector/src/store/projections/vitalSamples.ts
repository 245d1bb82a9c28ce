import { NEW_EVENTS, type Projection } from './types';

/** vital_samples: each new web-vital as (metric, value, time, rating), for p75 without parsing JSON. */
export const vitalSamples: Projection = ({ db, site, batchId, idsJson, rows }) => {
  if (!rows.some((r) => r.type === 'vital')) return [];
  return [
    db
      .prepare(
        `INSERT OR IGNORE INTO vital_samples (site, name, value, ts, rating, event_id)
         SELECT site, name, props->>'value', ts, props->>'rating', id FROM ${NEW_EVENTS} WHERE type = 'vital'`,
      )
      .bind(site, idsJson, batchId),
  ];
};
