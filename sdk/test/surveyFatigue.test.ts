import { beforeEach, describe, expect, it } from 'vitest';
import { readOff, rest, sampledIn } from '../src/survey/fatigue';

beforeEach(() => localStorage.clear());

describe('survey fatigue and sampling', () => {
  it('keeps the latest "not before" time per survey: a shorter rest never shortens a longer one', () => {
    rest('nps', 5_000);
    rest('nps', 3_000);
    rest('csat', 1_000);
    expect(readOff()).toEqual({ nps: 5_000, csat: 1_000 });
  });

  it('samples about the set share of visitors, and always the same ones', () => {
    const visitors = Array.from({ length: 2000 }, (_, i) => `0190f0f0-0000-7000-8000-${String(i).padStart(12, '0')}`);
    const inAt30 = visitors.filter((v) => sampledIn(v, 'nps-home', 30));
    expect(inAt30.length).toBeGreaterThan(2000 * 0.25);
    expect(inAt30.length).toBeLessThan(2000 * 0.35);
    expect(visitors.filter((v) => sampledIn(v, 'nps-home', 30))).toEqual(inAt30);
    expect(visitors.every((v) => sampledIn(v, 'nps-home', 100))).toBe(true);
    expect(visitors.some((v) => sampledIn(v, 'nps-home', 0))).toBe(false);
    // Another survey samples another set of visitors.
    expect(visitors.filter((v) => sampledIn(v, 'csat', 30))).not.toEqual(inAt30);
  });
});
