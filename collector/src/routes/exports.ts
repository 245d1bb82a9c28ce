import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { fail } from '../http/errors';
import { parseCursor } from '../http/pagination';
import { encodeCursor } from '../lib/cursor';
import { journeyExportQuerySchema, visitorExportQuerySchema } from '../exports/exportQuery';
import {
  journeyCsvHeader,
  journeyCsvRows,
  journeyNdjsonRows,
  propPathsFromFullkeys,
  readJourneyPage,
  type JourneyPage,
} from '../exports/journeyExport';
import { streamText } from '../exports/streamText';
import { VisitorFacts } from '../exports/visitorFacts';
import { readVisitorPage, visitorCsvHeader, visitorCsvRows, visitorNdjsonRows } from '../exports/visitorExport';
import { flattenProps } from '../exports/flattenProps';
import { resolveSegment } from '../segments/resolveSegment';
import { parseOr400 } from '../schema/parse';
import { LIMITS } from '../schema/limits';
import { readCampaignVisitorIds, readPropPaths, type ExportFilter, type ExportKey } from '../store/exports';
import { getScoreConfig } from '../store/scoreConfig';

/** Exports, mounted under /v1/sites/:site (read key checked by the parent). */
export const exportsRoute = new Hono<AppEnv>();

const STREAM_PAGE = 1000;
const PROP_COLUMNS_MAX = 200;
const CAMPAIGN_VISITORS_MAX = 20_000;
const BOM = '\uFEFF';

function respond(format: 'csv' | 'ndjson', name: string, body: ReadableStream | string, headers: Record<string, string> = {}) {
  return new Response(body, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.${format === 'csv' ? 'csv' : 'ndjson'}"`,
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

// GET /v1/sites/:site/exports/journeys?format=csv|ndjson&from=&to=&segment=&campaign=&types=&bom=1[&limit=&cursor=]
// One row per event, in time order, with the visitor's current Happy Index. Without limit/cursor the
// whole range streams; with them one page comes back and `x-next-cursor` names the next.
exportsRoute.get('/exports/journeys', async (c) => {
  const site = c.req.param('site')!;
  const q = parseOr400(journeyExportQuerySchema, c.req.query());
  const types = q.types ? q.types.split(',').map((t) => t.trim()).filter(Boolean) : null;
  let visitorIds: string[] | null = null;
  if (q.campaign !== undefined) {
    visitorIds = await readCampaignVisitorIds(c.env.DB, site, q.campaign, CAMPAIGN_VISITORS_MAX);
    if (!visitorIds) fail(400, `campaign: more than ${CAMPAIGN_VISITORS_MAX} visitors; narrow it with segment or types`, 'campaign');
  }
  const filter: ExportFilter = { from: q.from ?? 0, to: q.to ?? 8.64e15, types, visitorIds };
  const segment = q.segment ? await resolveSegment(c.env.DB, site, q.segment) : null;
  const { config } = await getScoreConfig(c.env.DB, site);
  const facts = new VisitorFacts(c.env.DB, site, config, segment, Date.now());
  const bom = q.bom === '1' ? BOM : '';

  if (q.limit !== undefined || q.cursor !== undefined) {
    const after = parseCursor<ExportKey>(q.cursor, ['number', 'string']);
    const page = await readJourneyPage(c.env.DB, site, filter, facts, after, q.limit ?? LIMITS.pageDefault);
    const next: Record<string, string> = page.next ? { 'x-next-cursor': encodeCursor(page.next) } : {};
    if (q.format === 'ndjson') return respond('ndjson', 'journeys', bom + journeyNdjsonRows(page), next);
    const paths = [...new Set(page.rows.flatMap((r) => Object.keys(flattenProps(r.props))))].sort();
    return respond('csv', 'journeys', bom + journeyCsvHeader(paths) + journeyCsvRows(page, paths), next);
  }

  const paths = q.format === 'csv' ? propPathsFromFullkeys(await readPropPaths(c.env.DB, site, filter, PROP_COLUMNS_MAX)) : [];
  let after: ExportKey | null = null;
  let done = false;
  const encode = (page: JourneyPage) => (q.format === 'csv' ? journeyCsvRows(page, paths) : journeyNdjsonRows(page));
  const stream = streamText(bom + (q.format === 'csv' ? journeyCsvHeader(paths) : ''), async () => {
    if (done) return null;
    const page = await readJourneyPage(c.env.DB, site, filter, facts, after, STREAM_PAGE);
    after = page.next;
    done = page.next === null;
    return encode(page);
  });
  return respond(q.format, 'journeys', stream);
});

// GET /v1/sites/:site/exports/visitors?format=csv|ndjson&from=&to=&segment=&campaign=&bom=1[&limit=&cursor=]
// One row per visitor (most recently seen first): customer, first/last seen, events, Happy Index, segments.
exportsRoute.get('/exports/visitors', async (c) => {
  const site = c.req.param('site')!;
  const q = parseOr400(visitorExportQuerySchema, c.req.query());
  const segment = q.segment ? await resolveSegment(c.env.DB, site, q.segment) : null;
  const { config } = await getScoreConfig(c.env.DB, site);
  const now = Date.now();
  const bom = q.bom === '1' ? BOM : '';
  const encode = q.format === 'csv' ? visitorCsvRows : visitorNdjsonRows;
  const head = bom + (q.format === 'csv' ? visitorCsvHeader() : '');
  const filter = { from: q.from, to: q.to, campaign: q.campaign };

  if (q.limit !== undefined || q.cursor !== undefined) {
    const after = parseCursor<[number, string]>(q.cursor, ['number', 'string']);
    const page = await readVisitorPage(c.env.DB, site, config, segment, after, q.limit ?? LIMITS.pageDefault, now, q.q, filter);
    const next: Record<string, string> = page.next ? { 'x-next-cursor': encodeCursor(page.next) } : {};
    return respond(q.format, 'visitors', head + encode(page.rows), next);
  }
  let after: [number, string] | null = null;
  let done = false;
  const stream = streamText(head, async () => {
    if (done) return null;
    const page = await readVisitorPage(c.env.DB, site, config, segment, after, STREAM_PAGE / 5, now, q.q, filter);
    after = page.next;
    done = page.next === null;
    return encode(page.rows);
  });
  return respond(q.format, 'visitors', stream);
});
