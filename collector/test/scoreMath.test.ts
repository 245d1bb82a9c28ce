import { describe, expect, it } from 'vitest';
import { computeScore } from '../src/score/computeScore';
import { observationTerm, type StateRow } from '../src/score/decay';
import { roundToTotal } from '../src/score/roundToTotal';
import { resolveScoreConfig } from '../src/score/scoreConfig';

const DAY = 86_400_000;
const config = resolveScoreConfig(null);
const halfLife = (signal: string) => config.signals.find((s) => s.name === signal)!.halfLifeMs;
const NOW = Date.UTC(2026, 10, 24, 12);

/** State rows for observations [signal, value, days ago], summed as the SQL would. */
function state(...obs: [string, number, number][]): StateRow[] {
  const rows = new Map<string, StateRow>();
  for (const [signal, x, daysAgo] of obs) {
    const h = halfLife(signal);
    const t = observationTerm(NOW - daysAgo * DAY, x, h);
    const key = `${signal}|${t.era}`;
    const row = rows.get(key) ?? { signal, halfLifeMs: h, era: t.era, w: 0, wx: 0 };
    row.w += t.w;
    row.wx += t.wx;
    rows.set(key, row);
  }
  return [...rows.values()];
}

const tenths = (x: number) => Math.round(x * 10);
function expectAddsUp(result: ReturnType<typeof computeScore>) {
  const sum = tenths(result.baseline) + result.contributions.reduce((a, c) => a + tenths(c.contribution), 0);
  expect(sum).toBe(tenths(result.score));
}

// Worked examples of the score (ARCHITECTURE.md, "The score"), default model: each test is one, with
// the arithmetic in its name, e.g. NPS 10 today: survey = (1·100 + 2·70)/(1 + 2) = 80 → score 71.6.
describe('Happy Index worked examples', () => {
  it('someone we know nothing about sits at the baseline 68.4 with confidence 0', () => {
    const r = computeScore(config, [], NOW);
    expect(r).toMatchObject({ score: 68.4, baseline: 68.4, confidence: 0, band: 'neutral' });
    expect(r.contributions.every((c) => c.contribution === 0)).toBe(true);
  });

  it('an NPS 10 answered today lifts the score to 71.6: survey 80 = (1·100 + 2·70)/3', () => {
    const r = computeScore(config, state(['survey', 100, 0]), NOW);
    expect(r.score).toBe(71.6);
    const survey = r.contributions.find((c) => c.signal === 'survey')!;
    expect(survey).toMatchObject({ value: 80, observed: 100, n: 1, contribution: 3.2 });
    expect(r.confidence).toBe(0.11);
    expectAddsUp(r);
  });

  it('an NPS 0 answered 30 days ago (one half-life) counts half: survey 56 = (0.5·0 + 2·70)/2.5, score 64.0', () => {
    const r = computeScore(config, state(['survey', 0, 30]), NOW);
    expect(r.score).toBe(64);
    expect(r.contributions.find((c) => c.signal === 'survey')).toMatchObject({ value: 56, n: 0.5, contribution: -4.4 });
    expect(r.confidence).toBe(0.06);
    expectAddsUp(r);
  });

  it('one rage click today does not make someone unhappy: friction 60 = (0 + 3·80)/4, score 65.3, neutral', () => {
    const r = computeScore(config, state(['friction', 0, 0]), NOW);
    expect(r).toMatchObject({ score: 65.3, band: 'neutral' });
    expectAddsUp(r);
  });

  it('detractor answers, unresolved chats and rage clicks this week make someone at risk', () => {
    const r = computeScore(
      config,
      state(['survey', 0, 1], ['survey', 10, 3], ['chat', 0, 2], ['chat', 0, 5], ['friction', 0, 0], ['friction', 0, 1], ['friction', 0, 2]),
      NOW,
    );
    expect(r.band).toBe('at risk');
    expect(r.score).toBeLessThan(55);
    expectAddsUp(r);
  });

  it('a year-old complaint has decayed to almost nothing', () => {
    const r = computeScore(config, state(['survey', 0, 365]), NOW);
    expect(r.score).toBe(68.4);
    expect(r.confidence).toBe(0);
  });

  it('rounded contributions always add up to the rounded score, whatever the mix', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const names = config.signals.map((s) => s.name);
    for (let i = 0; i < 300; i++) {
      const obs: [string, number, number][] = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => [
        names[Math.floor(rnd() * names.length)],
        Math.round(rnd() * 1000) / 10,
        Math.floor(rnd() * 120),
      ]);
      expectAddsUp(computeScore(config, state(...obs), NOW));
    }
  });
});

describe('roundToTotal', () => {
  it('gives the missing units to the largest fractions so the parts hit the total', () => {
    expect(roundToTotal([1.4, 1.4, 1.2], 4)).toEqual([2, 1, 1]);
    expect(roundToTotal([0.5, 0.5, 0.5, 0.5], 2)).toEqual([1, 1, 0, 0]);
    expect(roundToTotal([-1.6, 2.6], 1)).toEqual([-2, 3]);
  });
});
