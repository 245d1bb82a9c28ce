import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import { resolveScoreConfig } from '../src/score/scoreConfig';
import { aucWithCi } from '../src/score/validity/aucWithCi';
import { validityOf, type ScoreValidity } from '../src/score/validity/scoreValidity';
import type { ValiditySample } from '../src/score/validity/validitySamples';
import { storeEvents } from '../src/store/events';
import { ORIGIN, read, rowsDaysAgo, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'validity-site';
const NOW = Date.now();
const ev = rowsDaysAgo(NOW);
let keys: { read: string; write: string };

/**
 * Eight people who all visited 33 days ago and answered NPS 35 days ago, so the latest cutoff (30 days
 * ago) sees each with a score set only by their answer. Four came back 20 days ago (three promoters, one
 * detractor), four did not (three detractors, one promoter). By hand: 3·3 wins + (3·1 + 1·3) ties / 2 of
 * 16 pairs = AUC 0.75; Hanley–McNeil: Q1 = 0.6, Q2 = 9/14, SE = √(0.541071/16) = 0.184.
 */
beforeAll(async () => {
  keys = await seedSite(SITE);
  const people = [
    ['stay-1', 10, true],
    ['stay-2', 10, true],
    ['stay-3', 10, true],
    ['stay-4', 0, true],
    ['gone-1', 0, false],
    ['gone-2', 0, false],
    ['gone-3', 0, false],
    ['gone-4', 10, false],
  ] as const;
  const rows: EventRow[] = [];
  for (const [id, nps, back] of people) {
    rows.push(ev(id, 'survey_answered', 35, { questionType: 'nps', value: nps }));
    rows.push(ev(id, 'pageview', 33));
    if (back) rows.push(ev(id, 'pageview', 20, {}, null, 'session-0002'));
  }
  await storeEvents(env.DB, SITE, 'server', rows, NOW);
});

describe('aucWithCi', () => {
  it('counts ties as half and is null with one class empty', () => {
    expect(aucWithCi([{ predictor: 1, positive: true }, { predictor: 1, positive: false }])!.auc).toBe(0.5);
    expect(aucWithCi([{ predictor: 2, positive: true }, { predictor: 1, positive: false }])!.auc).toBe(1);
    expect(aucWithCi([{ predictor: 2, positive: true }])).toBeNull();
  });
});

describe('proposed weights', () => {
  it('move weight to the signal that predicts and away from the one that misleads', () => {
    const config = resolveScoreConfig(null);
    const samples: ValiditySample[] = Array.from({ length: 40 }, (_, i) => {
      const cameBack = i % 2 === 0;
      const signals = Object.fromEntries(config.signals.map((s) => [s.name, 50]));
      signals.engagement = cameBack ? 80 + (i % 5) : 55 + (i % 5);
      signals.survey = cameBack ? 30 + (i % 7) : 70 + (i % 7);
      const total = config.signals.reduce((a, s) => a + s.weight, 0);
      return { person: `p${i}`, at: 0, cameBack, signals, score: config.signals.reduce((a, s) => a + s.weight * signals[s.name], 0) / total };
    });
    const v = validityOf(samples, [0], false, null, config);
    expect(v.signals.find((s) => s.signal === 'engagement')!.estimate!.auc).toBe(1);
    expect(v.signals.find((s) => s.signal === 'survey')!.estimate!.auc).toBe(0);
    const weights = v.proposal!.config.signals!;
    expect(weights.engagement!.weight).toBeGreaterThan(0);
    expect(weights.survey!.weight).toBe(0);
    expect(v.proposal!.estimate!.auc).toBe(1);
    expect(v.happyIndex!.auc).toBeLessThan(1);
  });
});

describe('GET /v1/sites/:site/scores/validity', () => {
  it('measures the AUC of the Happy Index at a cutoff for coming back, with its interval, per signal too', async () => {
    const res = await read(`/v1/sites/${SITE}/scores/validity`, keys.read);
    expect(res.status).toBe(200);
    const v = await res.json<ScoreValidity>();
    expect(v.horizonDays).toBe(30);
    expect([v.samples, v.cameBack, v.stopped]).toEqual([8, 4, 4]);
    expect(v.happyIndex).toEqual({ auc: 0.75, se: 0.184, ci: [0.39, 1], positives: 4, negatives: 4 });
    const bySignal = Object.fromEntries(v.signals.map((s) => [s.signal, s.estimate?.auc]));
    expect(bySignal.survey).toBe(0.75);
    expect(bySignal.engagement).toBe(0.5);
  });

  it('proposes weights the site can PUT as its score config', async () => {
    const v = await (await read(`/v1/sites/${SITE}/scores/validity`, keys.read)).json<ScoreValidity>();
    const weights = v.proposal!.config.signals!;
    expect(weights.survey!.weight).toBeGreaterThan(0);
    expect(weights.engagement!.weight).toBe(0);
    const put = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/scores/config`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify(v.proposal!.config),
    });
    expect(put.status).toBe(200);
    const config = await (await read(`/v1/sites/${SITE}/scores/config`, keys.read)).json<{ config: { signals: { name: string; weight: number }[] } }>();
    expect(config.config.signals.find((s) => s.name === 'survey')!.weight).toBe(weights.survey!.weight);
  });

  it('needs a read key', async () => {
    expect((await read(`/v1/sites/${SITE}/scores/validity`)).status).toBe(401);
  });
});
