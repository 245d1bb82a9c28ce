/** Survey events of one survey, as results need them (read through the events_survey partial index). */
export interface SurveyEventRow {
  type: 'survey_shown' | 'survey_answered' | 'survey_dismissed';
  visitorId: string;
  customerId: string | null;
  ts: number;
  props: Record<string, unknown>;
}

export interface SurveyEventFilter {
  from: number;
  to: number;
  /** utm_campaign of the visit the survey was shown in. */
  campaign?: string;
  /**
   * Hook for segment filters (another area defines segments): SQL selecting the visitor ids of the
   * segment, with its bound parameters, e.g. `{ sql: 'SELECT visitor_id FROM segment_members WHERE
   * site = ? AND segment = ?', params: [site, 'vip'] }`. Not wired to a query parameter yet.
   */
  visitors?: { sql: string; params: unknown[] };
}

/** Most events one results read scans; past it the read says it is truncated. */
export const RESULTS_EVENT_CAP = 50_000;

export async function readSurveyEvents(
  db: D1Database,
  site: string,
  surveyId: string,
  filter: SurveyEventFilter,
): Promise<{ rows: SurveyEventRow[]; truncated: boolean }> {
  const where = [
    `e.site = ? AND json_extract(e.props, '$.surveyId') = ?`,
    `e.type IN ('survey_shown', 'survey_answered', 'survey_dismissed')`,
    `e.ts >= ? AND e.ts < ?`,
  ];
  const params: unknown[] = [site, surveyId, filter.from, filter.to];
  if (filter.campaign !== undefined) {
    where.push(`json_extract(e.props, '$.campaign') = ?`);
    params.push(filter.campaign);
  }
  if (filter.visitors) {
    where.push(`e.visitor_id IN (${filter.visitors.sql})`);
    params.push(...filter.visitors.params);
  }
  const { results } = await db
    .prepare(
      `SELECT e.type, e.visitor_id, v.customer_id, e.ts, e.props FROM events AS e
       LEFT JOIN visitors AS v ON v.site = e.site AND v.visitor_id = e.visitor_id
       WHERE ${where.join(' AND ')} ORDER BY e.ts, e.seq LIMIT ${RESULTS_EVENT_CAP + 1}`,
    )
    .bind(...params)
    .all<{ type: SurveyEventRow['type']; visitor_id: string; customer_id: string | null; ts: number; props: string }>();
  return {
    rows: results.slice(0, RESULTS_EVENT_CAP).map((r) => ({
      type: r.type,
      visitorId: r.visitor_id,
      customerId: r.customer_id,
      ts: r.ts,
      props: JSON.parse(r.props),
    })),
    truncated: results.length > RESULTS_EVENT_CAP,
  };
}
