import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import { computeScore } from '../src/score/computeScore';
import { resolveScoreConfig } from '../src/score/scoreConfig';
import { NAME } from '../src/schema/vocabulary';
import { storeEvents } from '../src/store/events';
import { dumpScoreState, readScoreState, recomputeScoreState } from '../src/store/scoreState';
import { createSite } from '../src/store/sites';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const VISITORS = ['visitor-aaaa', 'visitor-bbbb', 'visitor-cccc'];

/** Events shaped as the survey, chat, ticket, newsletter and SDK issues describe them. */
const kinds = [
  (v: number) => ({ type: 'survey_answered', name: null, props: { questionType: 'nps', value: v % 11 } }),
  (v: number) => ({ type: 'survey_answered', name: null, props: { questionType: 'ces', value: 1 + (v % 7) } }),
  (v: number) => ({ type: 'chat_ended', name: null, props: { resolved: v % 2 === 0, rating: 1 + (v % 5) } }),
  (v: number) => ({ type: 'ticket_resolved', name: null, props: { ticketId: 't1', satisfaction: 1 + (v % 5), resolutionMs: v * 3_600_000 } }),
  () => ({ type: 'pageview', name: null, props: { title: 'x' } }),
  () => ({ type: 'newsletter_open', name: null, props: { classification: 'human' } }),
  () => ({ type: 'event', name: NAME.rageClick, props: {} }),
  (v: number) => ({ type: 'vital', name: 'LCP', props: { value: v * 100, rating: ['good', 'needs-improvement', 'poor'][v % 3] } }),
];

const eventArb = fc.record({
  visitor: fc.constantFrom(...VISITORS),
  kind: fc.integer({ min: 0, max: kinds.length - 1 }),
  value: fc.integer({ min: 0, max: 100 }),
  // Three years: eras roll over for every half-life (12 half-lives of 14 days is 168 days).
  ts: fc.integer({ min: START, max: START + 3 * 365 * DAY }),
});

let runs = 0;

describe('incremental score state', () => {
  it('equals a full recompute exactly, whatever the batches, their order and retries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (specs, batchSizes, retries) => {
          const site = `prop-${++runs}`;
          await createSite(env.DB, site);
          const rows: EventRow[] = specs.map((s, i) => ({
            id: `evt-${runs}-${String(i).padStart(4, '0')}`,
            visitor_id: s.visitor,
            session_id: 'session-0001',
            seq: i,
            client_ts: s.ts,
            ts: s.ts,
            url: null,
            path: null,
            ...kinds[s.kind](s.value),
          }));
          // Arbitrary batches in arrival order, plus retries of earlier batches (dedup must hold).
          const batches: EventRow[][] = [];
          for (let i = 0, b = 0; i < rows.length; b++) {
            const size = batchSizes[b % batchSizes.length];
            batches.push(rows.slice(i, i + size));
            i += size;
          }
          for (const r of retries) batches.push(batches[r % batches.length]);
          for (const batch of batches) await storeEvents(env.DB, site, 'server', batch, START + 4 * 365 * DAY);

          const config = resolveScoreConfig(null);
          const at = START + 3 * 365 * DAY;
          const scores = () => Promise.all(VISITORS.map(async (v) => computeScore(config, await readScoreState(env.DB, site, [v]), at)));
          const incremental = await dumpScoreState(env.DB, site);
          const incrementalScores = await scores();
          // Every event of these kinds observes a signal, so every visitor with events has state.
          expect(new Set(incremental.map((r) => r.visitor_id))).toEqual(new Set(specs.map((s) => s.visitor)));

          await recomputeScoreState(env.DB, site);
          expect(await dumpScoreState(env.DB, site)).toEqual(incremental);
          expect(await scores()).toEqual(incrementalScores);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
