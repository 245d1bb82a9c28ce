import { type ExportEventRow, type ExportFilter, type ExportKey, readExportPage } from '../store/exports';
import { csvRow } from './csvCell';
import { exportStats } from './exportStats';
import { flattenProps, pathFromFullkey } from './flattenProps';
import type { VisitorFacts } from './visitorFacts';

export const JOURNEY_COLUMNS = ['time', 'event_id', 'visitor_id', 'customer_id', 'session_id', 'type', 'name', 'url', 'happy_index'];

export interface JourneyPage {
  rows: { event: ExportEventRow; props: unknown; happyIndex: number | null }[];
  /** Key of the last event read (filtered out or not); null when the export is done. */
  next: ExportKey | null;
}

/** One keyset page of a journey export, segment-filtered, each row with its visitor's current Happy Index. */
export async function readJourneyPage(
  db: D1Database,
  site: string,
  filter: ExportFilter,
  facts: VisitorFacts,
  after: ExportKey | null,
  limit: number,
): Promise<JourneyPage> {
  const events = await readExportPage(db, site, filter, after, limit);
  exportStats.pagesRead++;
  await facts.load(events.map((e) => e.visitor_id));
  const rows = events
    .filter((e) => facts.included(e.visitor_id))
    .map((event) => ({
      event,
      props: event.props === null ? null : (JSON.parse(event.props) as unknown),
      happyIndex: facts.score(event.visitor_id)?.score ?? null,
    }));
  const last = events.at(-1);
  return { rows, next: events.length === limit && last ? [last.ts, last.id] : null };
}

/** CSV header: fixed columns, one `props.<path>` column per leaf path (sorted), then the raw props JSON. */
export function journeyCsvHeader(propPaths: string[]): string {
  return csvRow([...JOURNEY_COLUMNS, ...propPaths.map((p) => `props.${p}`), 'props']);
}

export const propPathsFromFullkeys = (fullkeys: string[]) => [...new Set(fullkeys.map(pathFromFullkey))];

export function journeyCsvRows(page: JourneyPage, propPaths: string[]): string {
  let out = '';
  for (const { event: e, props, happyIndex } of page.rows) {
    const flat = flattenProps(props);
    out += csvRow([
      new Date(e.ts).toISOString(),
      e.id,
      e.visitor_id,
      e.customer_id,
      e.session_id,
      e.type,
      e.name,
      e.url,
      happyIndex,
      ...propPaths.map((p) => {
        const v = flat[p];
        return Array.isArray(v) ? JSON.stringify(v) : v;
      }),
      props === null ? null : JSON.stringify(props),
    ]);
  }
  return out;
}

export function journeyNdjsonRows(page: JourneyPage): string {
  let out = '';
  for (const { event: e, props, happyIndex } of page.rows) {
    out += `${JSON.stringify({
      time: new Date(e.ts).toISOString(),
      ts: e.ts,
      eventId: e.id,
      visitorId: e.visitor_id,
      customerId: e.customer_id,
      sessionId: e.session_id,
      type: e.type,
      name: e.name,
      url: e.url,
      happyIndex,
      props,
    })}\n`;
  }
  return out;
}
