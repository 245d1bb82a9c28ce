import type { Env } from '../env';
import { deleteInbox, readInbox, type InboxRow } from '../store/alertState';
import type { Occurrence } from './occurrence';
import { raiseOccurrence, type RaiseOptions } from './raiseOccurrence';

/** Inbox rows handled per call. */
const INBOX_BATCH = 200;

/**
 * Turns stored survey answers and ticket reopens (alert_inbox, filled at ingest) into occurrences and
 * raises them; a row leaves the inbox only once its deliveries are in the outbox. Called right after a
 * direct ingest (for that site, first attempts at once) and by the cron (everything, e.g. queued ingest).
 */
export async function processInbox(env: Env, options: RaiseOptions & { site?: string } = {}): Promise<number> {
  const rows = await readInbox(env.DB, INBOX_BATCH, options.site);
  const done: InboxRow[] = [];
  for (const row of rows) {
    const occurrence = toOccurrence(row);
    try {
      if (occurrence) await raiseOccurrence(env, occurrence, options);
      done.push(row);
    } catch (err) {
      console.error('alerts: inbox row not raised, kept for the next run', row.site, row.event_id, err);
    }
  }
  await deleteInbox(env.DB, done);
  return done.length;
}

function toOccurrence(row: InboxRow): Occurrence | null {
  const props = (row.props ? JSON.parse(row.props) : {}) as Record<string, unknown>;
  const base = { site: row.site, at: row.ts, person: { visitorId: row.visitor_id, customerId: row.customer_id } };
  if (row.type === 'survey_answered') {
    return {
      ...base,
      kind: 'survey_answer',
      key: `answer:${row.event_id}`,
      answer: {
        surveyId: String(props.surveyId),
        questionId: String(props.questionId),
        questionType: String(props.questionType),
        value: props.value,
        ...(typeof props.scale === 'number' ? { scale: props.scale } : {}),
        ...(typeof props.responseId === 'string' ? { responseId: props.responseId } : {}),
      },
    };
  }
  if (row.type === 'ticket_updated' && props.reopened === true) {
    return {
      ...base,
      kind: 'ticket',
      key: `ticket_reopened:${row.event_id}`,
      ticket: {
        ticketId: String(props.ticketId),
        change: 'reopened',
        ...(typeof props.helpdesk === 'string' ? { helpdesk: props.helpdesk } : {}),
        ...(typeof props.subject === 'string' ? { subject: props.subject } : {}),
      },
    };
  }
  return null;
}
