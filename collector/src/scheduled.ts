import type { Env } from './env';
import { takeAllSegmentSnapshots } from './snapshots/takeSegmentSnapshot';
import { recomputeAllClusterings } from './segments/recomputeClustering';
import { purgeExpired } from './store/retention';

/**
 * Cron trigger (wrangler.toml `[triggers] crons`, daily): purges events past each site's retention,
 * then refreshes every site's customer clustering, then snapshots each site's segments for the dashboard.
 */
export const scheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env, ctx) => {
  ctx.waitUntil(purgeExpired(env.DB, controller.scheduledTime).then(() => recomputeAllClusterings(env.DB)).then(() => takeAllSegmentSnapshots(env.DB, controller.scheduledTime)));
};
