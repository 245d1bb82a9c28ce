import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeEvents } from '../src/store/events';
import { read, rowsDaysAgo, seedSite } from './helpers';

const SITE = 'top-pages-site';
const HOUR = 3_600_000;
const MIN = 60_000;
const NOW = Date.now();
/** An hour boundary five hours ago: the ranges below cut hours before, inside and after it. */
const H = Math.floor(NOW / HOUR) * HOUR - 5 * HOUR;
let keys: { read: string; write: string };

const view = (path: string, ts: number) => ({ ...rowsDaysAgo(NOW)(`top-pages-${path.slice(1)}`, 'pageview', 0), ts, client_ts: ts, path, url: `https://shop.example${path}` });
const rows = [
  view('/a', H - 10 * MIN), // before the range
  view('/a', H - 2 * MIN), // the range's first, partial hour
  view('/a', H + 30 * MIN), // whole hours
  view('/b', H + 61 * MIN),
  view('/b', H + 2 * HOUR + 10 * MIN), // the last, partial hour
  view('/b', H + 2 * HOUR + 20 * MIN), // exactly at `to`: in
  view('/c', H + 2 * HOUR + 21 * MIN), // after it
];

beforeAll(async () => {
  keys = await seedSite(SITE);
  await storeEvents(env.DB, SITE, 'browser', rows, NOW);
  // A retried batch: stored once, counted once.
  await storeEvents(env.DB, SITE, 'browser', rows, NOW);
});

async function topPages(from: number, to: number) {
  const res = await read(`/v1/sites/${SITE}/overview?from=${from}&to=${to}`, keys.read);
  expect(res.status).toBe(200);
  return (await res.json<{ topPages: { path: string; views: number }[] }>()).topPages;
}

describe('overview top pages', () => {
  it('counts the views of whole hours and of the partial hours at both ends, `to` included', async () => {
    expect(await topPages(H - 5 * MIN, H + 2 * HOUR + 20 * MIN)).toEqual([
      { path: '/b', views: 3 },
      { path: '/a', views: 2 },
    ]);
  });

  it('counts whole hours alone and a range inside one hour alike', async () => {
    expect(await topPages(H, H + 2 * HOUR - 1)).toEqual([
      { path: '/a', views: 1 },
      { path: '/b', views: 1 },
    ]);
    expect(await topPages(H + 2 * HOUR + 5 * MIN, H + 2 * HOUR + 20 * MIN)).toEqual([{ path: '/b', views: 2 }]);
  });

  it('keeps the hourly counts at ingest, one row per hour and path', async () => {
    const { results } = await env.DB.prepare('SELECT hour, path, views FROM page_hours WHERE site = ? ORDER BY hour, path').bind(SITE).all();
    expect(results).toEqual([
      { hour: H - HOUR, path: '/a', views: 2 },
      { hour: H, path: '/a', views: 1 },
      { hour: H + HOUR, path: '/b', views: 1 },
      { hour: H + 2 * HOUR, path: '/b', views: 2 },
      { hour: H + 2 * HOUR, path: '/c', views: 1 },
    ]);
  });
});
