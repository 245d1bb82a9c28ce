import type { Env } from './env';
import { recomputeAllClusterings } from './segments/recomputeClustering';

/** Cron trigger (wrangler.toml `[triggers] crons`): refreshes every site's customer clustering. */
export const scheduled: ExportedHandlerScheduledHandler<Env> = async (_controller, env, ctx) => {
  ctx.waitUntil(recomputeAllClusterings(env.DB));
};
