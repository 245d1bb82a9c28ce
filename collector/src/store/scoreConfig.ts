import { markAllPeopleChanged } from './people';
import { resolveScoreConfig, type ScoreConfig, type ScoreConfigInput } from '../score/scoreConfig';

/** A site's score model: the defaults with its saved overrides (none saved: the defaults). */
export async function getScoreConfig(db: D1Database, site: string): Promise<{ input: ScoreConfigInput | null; config: ScoreConfig }> {
  return scoreConfigFrom(await scoreConfigStatement(db, site).all());
}

/** getScoreConfig as a statement, to send in one db.batch with the reads that go with it. */
export const scoreConfigStatement = (db: D1Database, site: string) => db.prepare('SELECT config FROM score_config WHERE site = ?').bind(site);

/** The model of scoreConfigStatement's result. */
export function scoreConfigFrom(result: D1Result): { input: ScoreConfigInput | null; config: ScoreConfig } {
  const row = (result.results as { config: string }[])[0];
  const input = row ? (JSON.parse(row.config) as ScoreConfigInput) : null;
  return { input, config: resolveScoreConfig(input) };
}

/**
 * Saves overrides (replacing earlier ones) with the half-life per signal they resolve to, which the
 * ingest projection reads in SQL. Returns whether any half-life changed: stored state then needs a
 * recompute (weights, priors and bands apply at read time and need none).
 */
export async function putScoreConfig(db: D1Database, site: string, input: ScoreConfigInput): Promise<{ config: ScoreConfig; recomputeRequired: boolean }> {
  const before = (await getScoreConfig(db, site)).config;
  const config = resolveScoreConfig(input);
  const halfLives = Object.fromEntries(config.signals.map((s) => [s.name, s.halfLifeMs]));
  // Stored scores were computed with the old model: every person is scored again before the next read.
  await db.batch([
    db
      .prepare(
        `INSERT INTO score_config (site, config, half_lives, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (site) DO UPDATE SET config = excluded.config, half_lives = excluded.half_lives, updated_at = excluded.updated_at`,
      )
      .bind(site, JSON.stringify(input), JSON.stringify(halfLives), Date.now()),
    markAllPeopleChanged(db, site),
  ]);
  const recomputeRequired = config.signals.some((s, i) => s.halfLifeMs !== before.signals[i].halfLifeMs);
  return { config, recomputeRequired };
}
