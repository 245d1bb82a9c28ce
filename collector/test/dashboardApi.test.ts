import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { takeSegmentSnapshot } from '../src/snapshots/takeSegmentSnapshot';
import { createSurvey, eventId, identify, ORIGIN, pageview, postEvents, read, seedSite } from './helpers';
import { prepare } from './newsletterHelpers';
import { fetchWorker } from './worker';

const SITE = 'dashboard-api-site';
const DAY = 86_400_000;
let keys: { read: string; write: string };
let seq = 0;

const survey = {
  id: 'pulse',
  name: 'Pulse',
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    { id: 'csat', type: 'csat', text: 'Satisfied?' },
  ],
};
const answer = (visitorId: string, questionType: 'nps' | 'csat', value: number, ts = Date.now() - 2000) => ({
  id: eventId(),
  site: SITE,
  type: 'survey_answered',
  visitorId,
  sessionId: 'session-0001',
  seq: seq++,
  ts,
  props: { surveyId: 'pulse', channel: 'web', responseId: `r-${visitorId}-${seq}`, questionId: questionType, questionType, value },
});
const vital = (visitorId: string, name: string, value: number, rating: string) => ({
  id: eventId(),
  site: SITE,
  type: 'vital',
  name,
  visitorId,
  sessionId: 'session-0001',
  seq: seq++,
  ts: Date.now() - 1500,
  url: 'https://shop.example/',
  props: { value, rating },
});
const view = (visitorId: string, path: string) => pageview(SITE, visitorId, { url: `https://shop.example${path}`, seq: seq++, ts: Date.now() - 3000 + seq });
const json = async <T = any>(path: string, key = keys.read) => {
  const res = await read(`/v1/sites/${SITE}${path}`, key);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

beforeAll(async () => {
  keys = await seedSite(SITE);
  await createSurvey(SITE, keys.write, survey);
  // ann: identified, 3 pages, promoter, CSAT 5. bob: 2 pages, detractor, CSAT 2. cy: 1 page, anonymous.
  const ok = await postEvents({
    events: [
      view('visitor-ann-1', '/'),
      view('visitor-ann-1', '/pricing'),
      view('visitor-ann-1', '/pricing'),
      identify(SITE, 'visitor-ann-1', 'ann', { plan: 'Gold', city: 'Torino', motto: 'the "best" pasta', nested: { town: 'Chiè' } }),
      answer('visitor-ann-1', 'nps', 10),
      answer('visitor-ann-1', 'csat', 5),
      view('visitor-bob-1', '/'),
      view('visitor-bob-1', '/pricing'),
      answer('visitor-bob-1', 'nps', 2),
      answer('visitor-bob-1', 'csat', 2),
      view('visitor-cy-1', '/blog'),
      vital('visitor-ann-1', 'LCP', 1200, 'good'),
      vital('visitor-bob-1', 'LCP', 2000, 'good'),
      vital('visitor-cy-1', 'LCP', 3000, 'needs-improvement'),
      vital('visitor-cy-1', 'LCP', 5000, 'poor'),
    ],
  });
  expect(ok.status).toBe(200);
  const prepared = await prepare(SITE, keys.write, { campaign: 'june', html: '<a href="https://shop.example/sale">Sale</a>', recipients: ['ann', 'bob'] });
  expect(prepared.res.status).toBe(200);
});

describe('GET /overview', () => {
  it('sums people, scores, surveys, newsletters, pages and vitals for the range', async () => {
    const o = await json('/overview');
    expect(o.visitors).toBe(3);
    expect(o.customers).toBe(1);
    expect(o.surveys.nps).toEqual({ score: 0, responses: 2, promoters: 1, passives: 0, detractors: 1 });
    expect(o.surveys.csat).toEqual({ percent: 50, responses: 2, satisfied: 1 });
    expect(o.topPages).toEqual([
      { path: '/pricing', views: 3 },
      { path: '/', views: 2 },
      { path: '/blog', views: 1 },
    ]);
    // p75 of [1200, 2000, 3000, 5000] is the 3rd value (nearest rank).
    expect(o.vitals).toEqual([{ name: 'LCP', samples: 4, p75: 3000, good: 2, needsImprovement: 1, poor: 1 }]);
    expect(o.newsletters).toEqual({ campaigns: 1, sent: 2, humanOpens: 0, clicks: 0, visits: 0 });
  });

  it('averages the same Happy Index the score endpoints give each person, with bands and histogram', async () => {
    const o = await json('/overview');
    const scores = [
      (await json('/customers/ann/score')).score,
      (await json('/visitors/visitor-bob-1/score')).score,
      (await json('/visitors/visitor-cy-1/score')).score,
    ];
    const hi = o.happyIndex;
    expect(hi.people).toBe(3);
    expect(hi.average).toBeCloseTo(scores.reduce((a: number, b: number) => a + b, 0) / 3, 1);
    expect(hi.histogram.reduce((a: number, b: { people: number }) => a + b.people, 0)).toBe(3);
    for (const s of scores) expect(hi.histogram[Math.min(Math.floor(s / 10), 9)].people).toBeGreaterThan(0);
    const band = (s: number) => (s >= hi.bandLimits.happy ? 'happy' : s < hi.bandLimits.atRisk ? 'atRisk' : 'neutral');
    for (const b of ['happy', 'neutral', 'atRisk']) expect(hi.bands[b]).toBe(scores.filter((s) => band(s) === b).length);
  });

  it('counts nobody for a range before anything happened, and names `from` when the range is wrong', async () => {
    const o = await json(`/overview?from=0&to=${DAY}`);
    expect(o.visitors).toBe(0);
    expect(o.happyIndex.average).toBeNull();
    const bad = await read(`/v1/sites/${SITE}/overview?from=10&to=5`, keys.read);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).field).toBe('from');
    expect((await read(`/v1/sites/${SITE}/overview`)).status).toBe(401);
  });
});

describe('GET /visitors with q and sort', () => {
  it('sorts by events and by score, each visitor once across cursor pages, with the score the score endpoint gives', async () => {
    for (const sort of ['events', 'score', 'lastSeen']) {
      const seen: any[] = [];
      let cursor = '';
      do {
        const page = await json<{ visitors: any[]; nextCursor: string | null }>(`/visitors?sort=${sort}&limit=2&cursor=${cursor}`);
        seen.push(...page.visitors);
        cursor = page.nextCursor ?? '';
      } while (cursor);
      const ids = seen.map((v) => v.visitorId);
      expect(new Set(ids).size, sort).toBe(ids.length);
      expect(ids).toContain('visitor-cy-1');
      const key = (v: any) => (sort === 'score' ? v.score : sort === 'events' ? v.events : v.lastSeen);
      for (let i = 1; i < seen.length; i++) expect(key(seen[i - 1])).toBeGreaterThanOrEqual(key(seen[i]));
      if (sort === 'events') expect(ids[0]).toBe('visitor-ann-1');
      if (sort === 'score') {
        const bob = seen.find((v) => v.visitorId === 'visitor-bob-1');
        expect(bob.score).toBe((await json('/visitors/visitor-bob-1/score')).score);
        expect(ids.at(-1)).not.toBe('visitor-ann-1');
      }
    }
  });

  it('finds visitors by id prefix, customer id and trait value', async () => {
    const ids = async (q: string) => (await json<{ visitors: any[] }>(`/visitors?q=${encodeURIComponent(q)}`)).visitors.map((v) => v.visitorId);
    expect(await ids('visitor-bo')).toEqual(['visitor-bob-1']);
    expect(await ids('ann')).toEqual(['visitor-ann-1']);
    expect(await ids('torino')).toEqual(['visitor-ann-1']);
    // Values only, at any depth, whatever JSON escapes in them; never a trait's name.
    expect(await ids('"best"')).toEqual(['visitor-ann-1']);
    expect(await ids('hiè')).toEqual(['visitor-ann-1']);
    expect(await ids('motto')).toEqual([]);
    expect(await ids('100%_')).toEqual([]);
  });

  it('pages a search by last seen and by events, each match once and in order', async () => {
    for (const sort of ['lastSeen', 'events']) {
      const all = (await json<{ visitors: any[] }>(`/visitors?q=visitor-&sort=${sort}&limit=100`)).visitors;
      expect(all.length).toBeGreaterThanOrEqual(3);
      const key = (v: any) => (sort === 'events' ? v.events : v.lastSeen);
      for (let i = 1; i < all.length; i++) expect(key(all[i]) < key(all[i - 1]) || (key(all[i]) === key(all[i - 1]) && all[i].visitorId < all[i - 1].visitorId)).toBe(true);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { visitors: any[]; nextCursor: string | null } = await json(`/visitors?q=visitor-&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...page.visitors.map((v) => v.visitorId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all.map((v) => v.visitorId));
    }
  });

  it('exports the same search as CSV (the dashboard export button)', async () => {
    const res = await read(`/v1/sites/${SITE}/exports/visitors?format=csv&q=torino`, keys.read);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['visitor-ann-1']);
  });

  it('answers 400 naming sort or segment when they are wrong together', async () => {
    const bad = await read(`/v1/sites/${SITE}/visitors?sort=name`, keys.read);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).field).toBe('sort');
    const mixed = await read(`/v1/sites/${SITE}/visitors?segment=engaged&sort=score`, keys.read);
    expect(mixed.status).toBe(400);
    expect(((await mixed.json()) as any).field).toBe('segment');
  });
});

describe('GET /newsletters', () => {
  it('lists prepared campaigns with their recipients count', async () => {
    const { newsletters } = await json('/newsletters');
    expect(newsletters).toEqual([expect.objectContaining({ campaign: 'june', recipients: 2, unsignedRecipient: false })]);
  });
});

describe('segment snapshots', () => {
  it('records sizes per day and the moves between segments from one day to the next', async () => {
    const today = Date.now();
    const snap = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/segments/snapshots`, { method: 'POST', headers: { authorization: `Bearer ${keys.write}` } });
    expect(snap.status).toBe(200);
    expect((await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/segments/snapshots`, { method: 'POST', headers: { authorization: `Bearer ${keys.read}` } })).status).toBe(401);
    // bob changes his mind: a promoter the next day.
    await postEvents({ events: [answer('visitor-bob-1', 'nps', 10, today)] });
    await takeSegmentSnapshot(env.DB, SITE, today + DAY);
    const h = await json(`/segments/history?to=${today + DAY}`);
    const size = (day: number, segment: string) => h.days.find((d: any) => d.day === day && d.segment === segment)?.size;
    const d0 = Math.floor(today / DAY) * DAY;
    expect(size(d0, 'nps-promoters')).toBe(1);
    expect(size(d0, 'nps-detractors')).toBe(1);
    expect(size(d0 + DAY, 'nps-promoters')).toBe(2);
    expect(size(d0 + DAY, 'nps-detractors')).toBe(0);
    expect(h.moves).toContainEqual({ day: d0 + DAY, from: 'nps-detractors', to: 'nps-promoters', people: 1 });
    expect(h.days.find((d: any) => d.day === d0 + DAY && d.segment === 'nps-promoters').entered).toBe(1);
    // A second snapshot the same day still compares with the day before.
    await takeSegmentSnapshot(env.DB, SITE, today + DAY + 1000);
    const again = await json(`/segments/history?to=${today + DAY}`);
    expect(again.moves).toContainEqual({ day: d0 + DAY, from: 'nps-detractors', to: 'nps-promoters', people: 1 });
  });
});
