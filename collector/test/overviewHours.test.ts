import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import { eraseVisitor } from '../src/store/erasure';
import { storeEvents } from '../src/store/events';
import { read, rowsDaysAgo, seedSite } from './helpers';

// The overview's NPS/CSAT and web vitals read whole hours from survey_hours / vital_hours (kept at
// ingest, backfilled by migration 0027) and the partial end hours from the rows. These tests hold them
// to the figures computed from every raw row, as the overview did before the hourly counts.

const SITE = 'overview-hours-site';
const HOUR = 3_600_000;
const MIN = 60_000;
const NOW = Date.now();
/** An hour boundary six hours ago: the ranges cut hours before, inside and after it. */
const H = Math.floor(NOW / HOUR) * HOUR - 6 * HOUR;
const VITALS = ['CLS', 'FCP', 'INP', 'LCP', 'TTFB'] as const;
let keys: { read: string; write: string };

/** mulberry32: the same rows every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const row = rowsDaysAgo(NOW);
const at = (r: EventRow, ts: number): EventRow => ({ ...r, ts, client_ts: ts });
const rating = (v: number, good: number, poor: number) => (v <= good ? 'good' : v <= poor ? 'needs-improvement' : 'poor');

/** Vitals over H-1h … H+3h: unrounded values (as web-vitals reports them), bucket edges, a long tail. */
function vitals(rng: () => number, visitor: string, n: number): EventRow[] {
  const rows: EventRow[] = [];
  for (let i = 0; i < n; i++) {
    const name = VITALS[i % VITALS.length];
    const raw = name === 'CLS' ? rng() * 0.5 : name === 'INP' ? 40 + rng() * 700 : 200 + rng() * 5000;
    const value = i % 37 === 0 ? (name === 'CLS' ? 0.07 : 2500) : i % 101 === 0 ? raw * 40 : raw; // an edge; the tail
    rows.push(at(row(visitor, 'vital', 0, { value, rating: rating(value, name === 'CLS' ? 0.1 : 2500, name === 'CLS' ? 0.25 : 4000) }, name), H - HOUR + Math.floor(rng() * 4 * HOUR)));
  }
  return rows;
}

/** NPS and CSAT answers over the same hours, of two surveys (one not defined on the site), and answers the scores skip. */
function answers(rng: () => number, visitor: string, n: number): EventRow[] {
  const rows: EventRow[] = [];
  for (let i = 0; i < n; i++) {
    const nps = i % 2 === 0;
    const value = nps ? Math.floor(rng() * 11) : 1 + Math.floor(rng() * 5);
    const props = { surveyId: i % 3 ? 'home-nps' : 'retired-survey', responseId: `resp-${visitor}-${i}`, questionId: 'q1', questionType: nps ? 'nps' : 'csat', value };
    rows.push(at(row(visitor, 'survey_answered', 0, props), H - HOUR + Math.floor(rng() * 4 * HOUR)));
  }
  const skipped = { surveyId: 'home-nps', responseId: `resp-${visitor}-x`, questionId: 'q2' };
  rows.push(at(row(visitor, 'survey_answered', 0, { ...skipped, questionType: 'nps', value: 'ten' }), H + 10 * MIN));
  rows.push(at(row(visitor, 'survey_answered', 0, { ...skipped, questionType: 'ces', value: 3 }), H + 10 * MIN));
  return rows;
}

const stored: EventRow[] = [];
async function store(rows: EventRow[]) {
  await storeEvents(env.DB, SITE, 'browser', rows, NOW);
  stored.push(...rows);
}

/** The figures from every raw row in [from, to], as the overview computed them before (nearest-rank p75). */
function expected(rows: EventRow[], from: number, to: number) {
  const inRange = rows.filter((r) => r.ts >= from && r.ts <= to);
  const vitalRows = VITALS.map((name) => inRange.filter((r) => r.type === 'vital' && r.name === name)).filter((v) => v.length);
  const vitals = vitalRows.map((v) => {
    const values = v.map((r) => (r.props as { value: number }).value).sort((a, b) => a - b);
    const count = (x: string) => v.filter((r) => (r.props as { rating: string }).rating === x).length;
    return { name: v[0].name, samples: v.length, p75: values[Math.ceil((3 * values.length) / 4) - 1], good: count('good'), needsImprovement: count('needs-improvement'), poor: count('poor') };
  });
  const scored = (kind: string) =>
    inRange.map((r) => r.props as { questionType: string; value: unknown }).filter((p) => p.questionType === kind && typeof p.value === 'number').map((p) => p.value as number);
  const nps = scored('nps');
  const csat = scored('csat');
  const promoters = nps.filter((v) => v >= 9).length;
  const detractors = nps.filter((v) => v <= 6).length;
  const satisfied = csat.filter((v) => v >= 4).length;
  return {
    vitals,
    surveys: {
      nps: { score: nps.length ? Math.round(((promoters - detractors) / nps.length) * 100) : null, responses: nps.length, promoters, passives: nps.length - promoters - detractors, detractors },
      csat: { percent: csat.length ? Math.round((satisfied / csat.length) * 1000) / 10 : null, responses: csat.length, satisfied },
    },
  };
}

async function overview(from: number, to: number) {
  const res = await read(`/v1/sites/${SITE}/overview?from=${from}&to=${to}`, keys.read);
  expect(res.status).toBe(200);
  const o = await res.json<{ vitals: unknown; surveys: unknown }>();
  return { vitals: o.vitals, surveys: o.surveys };
}

/** Partial hours at both ends, whole hours alone, inside one hour, `to` on a sample, the full span. */
function ranges(rows: EventRow[]) {
  const last = rows.filter((r) => r.ts > H + HOUR && r.ts < H + 2 * HOUR).sort((a, b) => a.ts - b.ts)[0].ts;
  return [
    [H - 17 * MIN, H + 2 * HOUR + 23 * MIN],
    [H, H + 2 * HOUR - 1],
    [H + 5 * MIN, H + 50 * MIN],
    [H + 10 * MIN, last],
    [H - 2 * HOUR, H + 4 * HOUR],
  ];
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  const rng = random(27);
  for (let v = 0; v < 4; v++) {
    const rows = [...vitals(rng, `hours-visitor-${v}`, 250), ...answers(rng, `hours-visitor-${v}`, 60)];
    await store(rows);
    // A retried batch: stored once, counted once.
    await storeEvents(env.DB, SITE, 'browser', rows, NOW);
  }
});

describe('overview surveys and vitals from hourly counts', () => {
  it('equal the figures from every raw row, over partial and whole hours, a retried batch counted once', async () => {
    for (const [from, to] of ranges(stored)) expect(await overview(from, to), `${from - H}..${to - H}`).toEqual(expected(stored, from, to));
    // The data reach every path: p75 inside a bucket of several samples, partial hours, whole hours.
    expect((await overview(H - 17 * MIN, H + 2 * HOUR + 23 * MIN)).vitals).toHaveLength(5);
  });

  it('counts answers of every survey of the site, also one no longer defined', async () => {
    const all = expected(stored, H - 2 * HOUR, H + 4 * HOUR).surveys;
    const defined = expected(stored.filter((r) => (r.props as { surveyId?: string }).surveyId !== 'retired-survey'), H - 2 * HOUR, H + 4 * HOUR).surveys;
    expect(all.nps.responses).toBeGreaterThan(defined.nps.responses);
    expect((await overview(H - 2 * HOUR, H + 4 * HOUR)).surveys).toEqual(all);
  });

  it("counts rows stored before migration 0027 (its backfill)", async () => {
    await env.DB.batch([env.DB.prepare('DELETE FROM survey_hours WHERE site = ?').bind(SITE), env.DB.prepare('DELETE FROM vital_hours WHERE site = ?').bind(SITE)]);
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0027_'))!;
    const backfills = migration.queries.filter((q) => /^\s*INSERT INTO (survey|vital)_hours/m.test(q.replace(/--.*$/gm, '')));
    expect(backfills).toHaveLength(2);
    for (const sql of backfills) await env.DB.prepare(sql).run();
    for (const [from, to] of ranges(stored)) expect(await overview(from, to)).toEqual(expected(stored, from, to));
  });

  it('leaves an erased visitor out, as the raw rows do', async () => {
    await eraseVisitor(env.DB, SITE, 'hours-visitor-1');
    const left = stored.filter((r) => r.visitor_id !== 'hours-visitor-1');
    for (const [from, to] of ranges(left)) expect(await overview(from, to)).toEqual(expected(left, from, to));
  });
});
