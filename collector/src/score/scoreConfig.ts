import * as z from '../schema/zod';
import { SIGNALS } from './signals';

const DAY_MS = 86_400_000;

/** A site's overrides for one signal; anything left out keeps the default. */
export const signalOverrideSchema = z.strictObject({
  halfLifeDays: z.optional(z.number().check(z.gte(0.5), z.lte(365))),
  weight: z.optional(z.number().check(z.gte(0), z.lte(100))),
  prior: z.optional(z.strictObject({ mean: z.optional(z.number().check(z.gte(0), z.lte(100))), strength: z.optional(z.number().check(z.gte(0.1), z.lte(100))) })),
});

/** Body of `PUT /v1/sites/:site/scores/config`. */
export const scoreConfigSchema = z.strictObject({
  signals: z.optional(z.partialRecord(z.enum(SIGNALS.map((s) => s.name) as [string, ...string[]]), signalOverrideSchema)),
  bands: z.optional(z.strictObject({ happy: z.number().check(z.gte(0), z.lte(100)), atRisk: z.number().check(z.gte(0), z.lte(100)) }).check(z.refine((b) => b.atRisk < b.happy, { message: 'atRisk must be below happy', path: ['atRisk'] }))),
});
export type ScoreConfigInput = z.infer<typeof scoreConfigSchema>;

export interface SignalSettings {
  name: string;
  halfLifeDays: number;
  halfLifeMs: number;
  weight: number;
  prior: { mean: number; strength: number };
}

export interface ScoreConfig {
  signals: SignalSettings[];
  /** score ≥ happy → "happy"; score < atRisk → "at risk"; otherwise "neutral". */
  bands: { happy: number; atRisk: number };
}

export const DEFAULT_BANDS = { happy: 75, atRisk: 55 };

/** The defaults of every signal (from its file) with a site's overrides applied. */
export function resolveScoreConfig(input: ScoreConfigInput | null): ScoreConfig {
  return {
    signals: SIGNALS.map((s) => {
      const o = input?.signals?.[s.name] ?? {};
      const halfLifeDays = o.halfLifeDays ?? s.halfLifeDays;
      return {
        name: s.name,
        halfLifeDays,
        // Whole milliseconds: the stored state is keyed by it and SQL does integer era arithmetic on it.
        halfLifeMs: Math.round(halfLifeDays * DAY_MS),
        weight: o.weight ?? s.weight,
        prior: { mean: o.prior?.mean ?? s.prior.mean, strength: o.prior?.strength ?? s.prior.strength },
      };
    }),
    bands: input?.bands ?? DEFAULT_BANDS,
  };
}
