import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import { computeScore } from '../src/score/computeScore';
import { DAY_MS, mergeStateRows, RECENT_DAYS } from '../src/score/decay';
import { resolveScoreConfig } from '../src/score/scoreConfig';
import { subjectScore, TREND_MS, trendOf } from '../src/score/subjectScore';
import { NAME } from '../src/schema/vocabulary';
import { storeEvents } from '../src/store/events';
import { readEventsSince, readScoreState, recomputeScoreState } from '../src/store/scoreState';
import { createSite } from '../src/store/sites';

// score_recent: the trend window's terms by day, kept at ingest (store/scoreState.ts). Own site ids.
const config = resolveScoreConfig(null);
const NOW = Date.now();
const kinds = [
  (v: number) => ({ type: 'survey_answered', name: null, props: { questionType: 'nps', value: v % 11 } }),
  (v: number) => ({ type: 'chat_ended', name: null, props: { resolved: v % 2 === 0, rating: 1 + (v % 5) } }),
  () => ({ type: 'pageview', name: null, props: { title: 'x' } }),
  () => ({ type: 'event', name: NAME.rageClick, props: {} }),
  (v: number) => ({ type: 'vital', name: 'LCP', props: { value: v * 150, rating: ['good', 'needs-improvement', 'poor'][v % 3] } }),
];

/** `n` events of `visitor` spread over the last `days` days before NOW (some on the window's first day). */
function history(site: string, visitor: string, n: number, days: number, seed: number): EventRow[] {
  return Array.from({ length: n }, (_, i) => {
    const v = (i * 7 + seed) % 97;
    return {
      id: `${site}-${visitor}-${String(i).padStart(4, '0')}`,
      visitor_id: visitor,
      session_id: `s-${Math.floor(i / 10)}`,
      seq: i % 10,
      ts: NOW - Math.floor(((i * 7919 + seed * 104_729) % 1000) / 1000 * days * DAY_MS),
      client_ts: NOW,
      url: null,
      path: null,
      ...kinds[(i + seed) % kinds.length](v),
    };
  });
}

async function store(site: string, rows: EventRow[], batch: number) {
  for (let i = 0; i < rows.length; i += batch) await storeEvents(env.DB, site, 'server', rows.slice(i, i + batch), NOW);
}

const dump = async (site: string) =>
  (await env.DB.prepare('SELECT visitor_id, day, signal, half_life_ms, era, w, wx FROM score_recent WHERE site = ? ORDER BY 1, 2, 3, 4, 5').bind(site).all()).results;

/** The trend as defined from the window's raw events (what the reads did before score_recent). */
async function trendFromEvents(site: string, visitorIds: string[]) {
  const state = mergeStateRows(await readScoreState(env.DB, site, visitorIds));
  const events = await readEventsSince(env.DB, site, visitorIds, NOW - TREND_MS, 100_000);
  return trendOf(config, state, computeScore(config, state, NOW).score, events, NOW);
}

describe('score_recent (the trend window as maintained state)', () => {
  it('after ingest equals a recompute from the events, and gives the trend the events give', async () => {
    const site = 'recent-ingest';
    await createSite(env.DB, site);
    const rows = [...history(site, 'rv-a', 120, 45, 1), ...history(site, 'rv-b', 80, 31, 2)];
    await store(site, rows, 17);
    await store(site, rows.slice(0, 30), 30); // a retried batch adds nothing
    const maintained = await dump(site);
    expect(maintained.length).toBeGreaterThan(0);
    // Nothing older than the kept days, and the window's first day is among the kept ones.
    const days = maintained.map((r) => r.day as number);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(Math.floor(NOW / DAY_MS) - RECENT_DAYS);
    expect(days).toContain(Math.floor((NOW - TREND_MS) / DAY_MS));
    for (const v of ['rv-a', 'rv-b']) {
      const score = await subjectScore(env.DB, site, config, [v], NOW);
      const expected = await trendFromEvents(site, [v]);
      expect(score.trend).toEqual(expected);
    }
    // A real change over the window (not a trend of 0 from an empty window).
    expect((await subjectScore(env.DB, site, config, ['rv-a'], NOW)).trend!.from).not.toBe((await subjectScore(env.DB, site, config, ['rv-a'], NOW)).score);

    await recomputeScoreState(env.DB, site);
    // Recompute dates the window by the wall clock: compare the days both keep.
    const firstKept = Math.floor(Date.now() / DAY_MS) - RECENT_DAYS;
    expect(await dump(site)).toEqual(maintained.filter((r) => (r.day as number) >= firstKept));
  });

  it('gives a person of two devices the trend of both devices\' events together', async () => {
    const site = 'recent-person';
    await createSite(env.DB, site);
    await store(site, [...history(site, 'phone', 60, 40, 3), ...history(site, 'laptop', 90, 35, 4)], 25);
    const both = await subjectScore(env.DB, site, config, ['phone', 'laptop'], NOW);
    expect(both.trend).toEqual(await trendFromEvents(site, ['phone', 'laptop']));
    const phone = await subjectScore(env.DB, site, config, ['phone'], NOW);
    expect(both.trend).not.toEqual(phone.trend);
  });

  it('drops days older than the window when the visitor is seen again, and never stores them', async () => {
    const site = 'recent-prune';
    await createSite(env.DB, site);
    const old = history(site, 'rv-old', 10, 1, 5).map((r, i) => ({ ...r, id: `old-${i}`, ts: NOW - (RECENT_DAYS + 5) * DAY_MS + i }));
    await store(site, old, 10);
    expect(await dump(site)).toEqual([]);
    // Stored as the window's days, then the same visitor seen after the wall clock moved on 40 days.
    const recent = history(site, 'rv-old', 10, 1, 6);
    await store(site, recent, 10);
    expect((await dump(site)).length).toBeGreaterThan(0);
    const later = recent.map((r, i) => ({ ...r, id: `later-${i}`, ts: NOW + 40 * DAY_MS }));
    for (const batch of [later]) await storeEvents(env.DB, site, 'server', batch, NOW + 40 * DAY_MS);
    const days = (await dump(site)).map((r) => r.day as number);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(Math.floor((NOW + 40 * DAY_MS) / DAY_MS) - RECENT_DAYS);
  });
});
