import { runAlerts } from './alerts/runAlerts';
import type { Env } from './env';
import { continueSegmentSnapshots, takeAllSegmentSnapshots } from './snapshots/takeSegmentSnapshot';
import { recomputeAllClusterings } from './segments/recomputeClustering';
import { rescorePeople } from './store/people';
import { getScoreConfig } from './store/scoreConfig';
import { listSiteIds } from './store/segmentSnapshots';
import { purgeExpired } from './store/retention';

/** The per-minute cron in wrangler.toml: alerts (collector/src/alerts/runAlerts.ts) and people's stored scores (store/people.ts). */
export const EVERY_MINUTE = '* * * * *';

/**
 * Cron triggers (wrangler.toml `[triggers] crons`), dispatched by cron string. Every minute: alerts
 * (inbox, checks, outbox drain), re-scoring changed and hour-old people, and the next step of any segment
 * snapshot the daily run left unfinished. Daily (any other cron): purges events past each site's retention, then
 * refreshes every site's customer clustering, then snapshots each site's segments for the dashboard.
 */
export const scheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env, ctx) => {
  if (controller.cron === EVERY_MINUTE) {
    ctx.waitUntil(runAlerts(env, controller.scheduledTime));
    ctx.waitUntil(rescoreAllPeople(env.DB, controller.scheduledTime));
    ctx.waitUntil(continueSegmentSnapshots(env.DB));
    return;
  }
  ctx.waitUntil(purgeExpired(env.DB, controller.scheduledTime).then(() => recomputeAllClusterings(env.DB)).then(() => takeAllSegmentSnapshots(env.DB, controller.scheduledTime)));
};

/** Every site's changed people, then its oldest scores (store/people.ts). */
async function rescoreAllPeople(db: D1Database, at: number) {
  for (const site of await listSiteIds(db)) await rescorePeople(db, site, (await getScoreConfig(db, site)).config, at);
}
