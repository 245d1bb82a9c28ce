import { personScores } from '../score/personScores';
import type { ScoreConfig } from '../score/scoreConfig';
import { builtinMemberships, matchSegment, type SegmentSpec } from '../segments/matchSegment';
import { personRevenue } from '../store/revenue';
import { subjectClusters } from '../segments/subjectCluster';
import { subjectKey } from '../store/subject';
import { visitorsFromCampaign } from '../store/segments';
import { listVisitors, type VisitorSummary } from '../store/visitors';
import { searchVisitors } from '../store/visitorSearch';
import { csvRow } from './csvCell';
import { exportStats } from './exportStats';

/** Which visitors a visitor export keeps besides its segment: seen in [from, to), came from a campaign. */
export interface VisitorFilter {
  from?: number;
  to?: number;
  campaign?: string;
}

export interface VisitorExportRow extends VisitorSummary {
  happyIndex: number;
  band: string;
  confidence: number;
  segments: string[];
  /** The person's net revenue per currency (orders net of refunds): the M beside last seen (R) and events (F). */
  monetary: Record<string, number>;
  /** The person's group in the latest clustering (its id), or null. */
  cluster: string | null;
}

/** One page of visitors (keyset on last seen), segment- and search-filtered, each with its person's score, band and built-in segments. */
export async function readVisitorPage(
  db: D1Database,
  site: string,
  config: ScoreConfig,
  segment: SegmentSpec | null,
  after: [number, string] | null,
  limit: number,
  now: number,
  q?: string,
  filter: VisitorFilter = {},
): Promise<{ rows: VisitorExportRow[]; next: [number, string] | null }> {
  // With a search, the same keyset order (last seen, visitor id) through the visitors table's search.
  const page: VisitorSummary[] = q
    ? (await searchVisitors(db, site, config, { q, sort: 'lastSeen', limit, after }, now)).map(({ score: _, ...v }) => v)
    : await listVisitors(db, site, limit, after);
  exportStats.pagesRead++;
  const seen = page.filter((v) => v.lastSeen >= (filter.from ?? 0) && v.firstSeen < (filter.to ?? Infinity));
  const fromCampaign = filter.campaign === undefined || !seen.length ? null : await visitorsFromCampaign(db, site, seen.map((v) => v.visitorId), filter.campaign);
  const kept = fromCampaign ? seen.filter((v) => fromCampaign.has(v.visitorId)) : seen;
  const members = segment && kept.length ? await matchSegment(db, site, config, segment, kept, now) : null;
  const visitors = members ? kept.filter((v) => members.has(v.visitorId)) : kept;
  const scores = await personScores(db, site, config, visitors, now);
  const segments = [...(await builtinMemberships(db, site, config, visitors, now))];
  const monetary = await personRevenue(db, site, visitors);
  const clusters = await subjectClusters(db, site, visitors.map(subjectKey));
  const rows = visitors.map((v) => {
    const s = scores.get(v.visitorId)!;
    return {
      ...v,
      happyIndex: s.score,
      band: s.band,
      confidence: s.confidence,
      segments: segments.filter(([, m]) => m.has(v.visitorId)).map(([name]) => name),
      monetary: monetary.get(v.visitorId) ?? {},
      cluster: clusters.get(subjectKey(v))?.id ?? null,
    };
  });
  const last = page.at(-1);
  return { rows, next: page.length === limit && last ? [last.lastSeen, last.visitorId] : null };
}

export const visitorCsvHeader = () =>
  csvRow(['visitor_id', 'customer_id', 'first_seen', 'last_seen', 'events', 'happy_index', 'band', 'confidence', 'segments', 'monetary', 'cluster']);

export function visitorCsvRows(rows: VisitorExportRow[]): string {
  let out = '';
  for (const r of rows) {
    out += csvRow([
      r.visitorId,
      r.customerId,
      new Date(r.firstSeen).toISOString(),
      new Date(r.lastSeen).toISOString(),
      r.events,
      r.happyIndex,
      r.band,
      r.confidence,
      r.segments.join(' '),
      // `EUR:120.5 USD:30`: one net amount per currency, never converted.
      Object.entries(r.monetary).map(([currency, net]) => `${currency}:${net}`).join(' '),
      r.cluster,
    ]);
  }
  return out;
}

export function visitorNdjsonRows(rows: VisitorExportRow[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}
