import { fail } from '../http/errors';
import { parseOr400 } from '../schema/parse';
import { reportRangeSchema } from './goalInput';

const DAY = 86_400_000;
export const REPORT_DEFAULT_DAYS = 30;
export const REPORT_MAX_DAYS = 366;

/** `?from=&to=` of a goal or funnel report: default the last 30 days; 400 naming `from` when it is after `to` or too early. */
export function reportRange(query: Record<string, string>, now = Date.now()): { from: number; to: number } {
  const q = parseOr400(reportRangeSchema, { from: query.from, to: query.to });
  const to = q.to ?? now;
  const from = q.from ?? to - REPORT_DEFAULT_DAYS * DAY;
  if (from > to || to - from > REPORT_MAX_DAYS * DAY) fail(400, `from: must be before \`to\` and at most ${REPORT_MAX_DAYS} days earlier`, 'from');
  return { from, to };
}
