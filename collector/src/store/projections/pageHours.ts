import { TYPE } from '../../schema/vocabulary';
import { NEW_EVENTS, type Projection } from './types';

/** One hour in ms: page_hours' bucket (migration 0025), shared with the top-pages read. */
export const PAGE_HOUR_MS = 3_600_000;

/** page_hours: each new page view counted in its site's hour and path (the overview's top pages). */
export const pageHours: Projection = ({ db, site, batchId, idsJson, rows }) => {
  if (!rows.some((r) => r.type === TYPE.pageview)) return [];
  return [
    db
      .prepare(
        `INSERT INTO page_hours (site, hour, path, views)
         SELECT site, ts - ts % ${PAGE_HOUR_MS}, coalesce(path, ''), count(*) FROM ${NEW_EVENTS} WHERE type = '${TYPE.pageview}'
         GROUP BY 2, 3
         ON CONFLICT (site, hour, path) DO UPDATE SET views = views + excluded.views`,
      )
      .bind(site, idsJson, batchId),
  ];
};
