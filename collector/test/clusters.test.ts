import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import type { Clustering } from '../src/segments/clusterCustomers';
import worker from '../src/index';
import { kMeans } from '../src/segments/kMeans';
import { NAME } from '../src/schema/vocabulary';
import { storeEvents } from '../src/store/events';
import { ORIGIN, read, rowsDaysAgo, seedSite } from './helpers';

const SITE = 'cluster-site';
const NOW = Date.now();
let keys: { read: string; write: string };

const ev = rowsDaysAgo(NOW);

beforeAll(async () => {
  keys = await seedSite(SITE);
  const rows: EventRow[] = [];
  // 10 happy regulars: many recent pages and promoter answers.
  for (let i = 0; i < 10; i++) {
    for (let d = 0; d < 20; d++) rows.push(ev(`fan-${i}-visitor`, 'pageview', d * 0.5));
    rows.push(ev(`fan-${i}-visitor`, 'survey_answered', 1, { questionType: 'nps', value: 10 }));
  }
  // 10 gone quiet: a couple of pages two months ago.
  for (let i = 0; i < 10; i++) for (let d = 0; d < 2; d++) rows.push(ev(`gone-${i}-visitor`, 'pageview', 60 + d));
  // 10 unhappy this week: detractor answers, failed chats, rage clicks.
  for (let i = 0; i < 10; i++) {
    rows.push(ev(`sad-${i}-visitor`, 'pageview', 1));
    rows.push(ev(`sad-${i}-visitor`, 'survey_answered', 1, { questionType: 'nps', value: 1 }));
    rows.push(ev(`sad-${i}-visitor`, 'survey_answered', 2, { questionType: 'nps', value: 0 }));
    rows.push(ev(`sad-${i}-visitor`, 'chat_ended', 1, { resolved: false, rating: 1 }));
    rows.push(ev(`sad-${i}-visitor`, 'event', 0, {}, NAME.rageClick));
  }
  for (let i = 0; i < rows.length; i += 100) await storeEvents(env.DB, SITE, 'server', rows.slice(i, i + 100), NOW);
});

describe('k-means', () => {
  it('is deterministic for the same points and seed, and separates obvious groups', () => {
    const points = [[0, 0], [0.1, 0], [0, 0.1], [5, 5], [5.1, 5], [5, 5.1], [10, 0], [10.1, 0]];
    const a = kMeans(points, 3, 42);
    expect(kMeans(points, 3, 42)).toEqual(a);
    expect(new Set(a.assignment.slice(0, 3)).size).toBe(1);
    expect(new Set(a.assignment.slice(3, 6)).size).toBe(1);
    expect(new Set([a.assignment[0], a.assignment[3], a.assignment[6]]).size).toBe(3);
  });
});

describe('RFM clustering', () => {
  it('finds named groups with sizes and centroids, on demand', async () => {
    expect((await read(`/v1/sites/${SITE}/clusters`, keys.read)).status).toBe(404);
    const res = await SELF.fetch(`${ORIGIN}/v1/sites/${SITE}/clusters/recompute`, { method: 'POST', headers: { authorization: `Bearer ${keys.write}` } });
    expect(res.status).toBe(200);
    const c = await res.json<Clustering>();
    expect(c.people).toBe(30);
    expect(c.groups.reduce((s, g) => s + g.size, 0)).toBe(30);
    const names = c.groups.map((g) => g.name);
    const byName = Object.fromEntries(c.groups.map((g) => [g.name, g]));
    expect(names).toContain('champions');
    expect(names).toContain('unhappy regulars');
    expect(names.some((n) => n === 'hibernating' || n === 'lost')).toBe(true);
    expect(byName.champions.size).toBe(10);
    expect(byName.champions.centroid.frequency).toBe(21);
    expect(byName['unhappy regulars'].centroid.score).toBeLessThan(55);
    expect(await (await read(`/v1/sites/${SITE}/clusters`, keys.read)).json()).toEqual(c);
  });

  it('is refreshed for every site by the cron trigger', async () => {
    await env.DB.prepare('DELETE FROM clusterings').run();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '17 3 * * *', scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    const c = await (await read(`/v1/sites/${SITE}/clusters`, keys.read)).json<Clustering>();
    expect(c.people).toBe(30);
  });
});
