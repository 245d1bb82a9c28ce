import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index';
import { ingestEvents } from '../src/ingest/ingestEvents';
import { vitalBucketSql } from '../src/store/projections/vitalHours';
import { countRows, ORIGIN, pageview, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'retention-site';
const KEEP = 'keep-all-site';
const DAY = 86_400_000;
let keys: { read: string; write: string };

const put = (body: unknown, key = keys.write) =>
  fetchWorker(`${ORIGIN}/v1/sites/${SITE}/settings/retention`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  keys = await seedSite(SITE);
  await seedSite(KEEP);
});

describe('retention', () => {
  it('validates the setting and needs a write key', async () => {
    expect((await put({ days: 5 })).status).toBe(400);
    expect((await (await put({ days: 5 })).json<{ field: string }>()).field).toBe('days');
    expect((await put({ days: 90 }, keys.read)).status).toBe(401);
    const ok = await put({ days: 90 });
    expect(await ok.json()).toEqual({ retention: { days: 90 } });
  });

  it('the daily cron purges events past the retention, and visitors not seen since; other sites keep everything', async () => {
    const now = Date.UTC(2026, 10, 24, 3, 17);
    // Stored directly with their original times (the ingest clamp would move a 100-day-old event).
    const old = (site: string, visitor: string) => ({ ...pageview(site, visitor), ts: now - 100 * DAY });
    const oldVital = (site: string, visitor: string) => ({ ...pageview(site, visitor), type: 'vital' as const, name: 'LCP' as const, props: { value: 3000, rating: 'needs-improvement' as const }, ts: now - 100 * DAY });
    const fresh = (site: string, visitor: string) => ({ ...pageview(site, visitor), ts: now - 10 * DAY });
    for (const site of [SITE, KEEP]) {
      await ingestEvents(env.DB, { site, source: 'browser', events: [old(site, 'gone-visitor-1'), oldVital(site, 'gone-visitor-1'), old(site, 'mixed-visitor-1'), fresh(site, 'mixed-visitor-1')], receivedAt: now });
    }
    // ingestEvents clamps to 7 days; put the old ones back where they belong for this test.
    await env.DB.prepare('UPDATE events SET ts = client_ts WHERE ts != client_ts').run();
    await env.DB.prepare('UPDATE vital_samples SET ts = (SELECT client_ts FROM events WHERE events.site = vital_samples.site AND id = event_id)').run();
    // And the hourly page-view counts with them (the migration's backfill, for these two sites).
    await env.DB.prepare('DELETE FROM page_hours WHERE site IN (?1, ?2)').bind(SITE, KEEP).run();
    await env.DB.prepare(
      "INSERT INTO page_hours (site, hour, path, views) SELECT site, ts - ts % 3600000, coalesce(path, ''), count(*) FROM events WHERE site IN (?1, ?2) AND type = 'pageview' GROUP BY 1, 2, 3",
    )
      .bind(SITE, KEEP)
      .run();
    // And the vitals' hourly counts (the 0027 backfill's statement, for these two sites).
    await env.DB.prepare('DELETE FROM vital_hours WHERE site IN (?1, ?2)').bind(SITE, KEEP).run();
    await env.DB.prepare(
      `INSERT INTO vital_hours (site, hour, name, bucket, samples, good, needs_improvement, poor)
       SELECT site, ts - ts % 3600000, name, ${vitalBucketSql('value', 'name')}, count(*), sum(rating = 'good'), sum(rating = 'needs-improvement'), sum(rating = 'poor')
       FROM vital_samples WHERE site IN (?1, ?2) GROUP BY 1, 2, 3, 4`,
    )
      .bind(SITE, KEEP)
      .run();
    await env.DB.prepare("UPDATE visitors SET first_seen = ?, last_seen = ? WHERE visitor_id = 'gone-visitor-1'").bind(now - 100 * DAY, now - 100 * DAY).run();

    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: now, cron: '17 3 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect(await countRows('events', 'site = ?', SITE)).toBe(1);
    expect(await countRows('visitors', "site = ? AND visitor_id = 'gone-visitor-1'", SITE)).toBe(0);
    expect(await countRows('visitors', "site = ? AND visitor_id = 'mixed-visitor-1'", SITE)).toBe(1);
    expect(await countRows('vital_samples', 'site = ?', SITE)).toBe(0);
    expect(await countRows('events', 'site = ?', KEEP)).toBe(4);
    expect(await countRows('vital_samples', 'site = ?', KEEP)).toBe(1);
    // Page views of the hours before the cutoff go; the fresh view's hour stays.
    expect(await countRows('page_hours', 'site = ?', SITE)).toBe(1);
    expect(await countRows('page_hours', 'site = ?', KEEP)).toBe(2);
    // The vitals' hourly counts go with their samples.
    expect(await countRows('vital_hours', 'site = ?', SITE)).toBe(0);
    expect(await countRows('vital_hours', 'site = ?', KEEP)).toBe(1);
  });
});
