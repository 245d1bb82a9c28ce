import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import { continueSegmentSnapshots, takeAllSegmentSnapshots, takeSegmentSnapshot } from '../src/snapshots/takeSegmentSnapshot';
import { storeEvents } from '../src/store/events';
import { readSegmentHistory } from '../src/store/segmentSnapshots';
import { rowsDaysAgo, seedSite } from './helpers';

// The daily segment snapshot of a site larger than one step: the cron takes it a page of people at a
// time across invocations, and the day's figures are the same as one taken at once.
const SITE = 'snapshot-steps-site';
const DAY = 86_400_000;
const NOW = Date.now();
const ev = rowsDaysAgo(NOW);

beforeAll(async () => {
  await seedSite(SITE);
  const rows: EventRow[] = [];
  for (let i = 0; i < 480; i++) {
    const visitor = `steps-${String(i).padStart(3, '0')}`;
    rows.push(ev(visitor, 'pageview', (i % 40) + 0.5));
    if (i % 3 === 0) rows.push(ev(visitor, 'survey_answered', (i % 40) + 0.4, { questionType: 'nps', value: i % 11 }));
    if (i % 8 === 0) rows.push(ev(visitor, 'identify', (i % 40) + 0.3, { customerId: `steps-customer-${Math.floor(i / 16)}` })); // 60 devices, two per customer
  }
  for (let i = 0; i < rows.length; i += 100) await storeEvents(env.DB, SITE, 'server', rows.slice(i, i + 100), NOW);
  await takeSegmentSnapshot(env.DB, SITE, NOW - DAY); // yesterday: what today's entries, exits and moves compare with
  // Some change their minds overnight.
  const changed: EventRow[] = [];
  for (let i = 0; i < 480; i += 9) changed.push(ev(`steps-${String(i).padStart(3, '0')}`, 'survey_answered', 0.1, { questionType: 'nps', value: 10 - (i % 11) }));
  await storeEvents(env.DB, SITE, 'server', changed, NOW);
});

/** Today's sizes, entries, exits and moves as the Segments view reads them. */
const today = async () => {
  const day = Math.floor(NOW / DAY) * DAY;
  return readSegmentHistory(env.DB, SITE, day, day);
};

describe('segment snapshots in steps', () => {
  it('counts every person once across steps, and the day equals a snapshot taken at once', async () => {
    const atOnce = await takeSegmentSnapshot(env.DB, SITE, NOW);
    expect(atOnce).toMatchObject({ visitors: 480, people: 420 + 30 }); // 420 anonymous visitors, 30 customers of two devices
    const whole = await today();
    expect(whole.days.length).toBe(10); // every built-in
    expect(whole.days.find((d) => d.segment === 'nps-detractors')!.size).toBe(atOnce.segments.find((s) => s.segment === 'nps-detractors')!.size);

    let steps = 1;
    await takeAllSegmentSnapshots(env.DB, NOW, -1); // starts today's run again and takes one page
    const open = () => env.DB.prepare('SELECT count(*) AS n FROM snapshot_runs WHERE site = ? AND done = 0').bind(SITE).first<{ n: number }>();
    expect((await open())!.n).toBe(1);
    while ((await open())!.n) {
      await continueSegmentSnapshots(env.DB, -1);
      steps++;
    }
    expect(steps).toBe(Math.ceil(atOnce.people / 200));
    expect(await today()).toEqual(whole);
    expect(whole.moves.length).toBeGreaterThan(0);
  });
});
