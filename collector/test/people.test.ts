import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index';
import { EVERY_MINUTE } from '../src/scheduled';
import { storeEvents } from '../src/store/events';
import { getScoreConfig } from '../src/store/scoreConfig';
import { visitorScores } from '../src/store/visitorSearch';
import { createSurvey, eventId, identify, npsAnswer, ORIGIN, pageview, postEvents, read, rowsDaysAgo, seedSite } from './helpers';
import { fetchWorker } from './worker';

// The stored per-person scores (store/people.ts) behind the overview's Happy Index and visitors by
// score: whatever happens to a person (events, a merge by identify, a new score model, erasure, time),
// what these reads show is what the customer card says.
const SITE = 'people-site';
const DAY = 86_400_000;
let keys: { read: string; write: string };
let seq = 0;

const nps = (visitorId: string, value: number) => ({
  id: eventId(),
  site: SITE,
  type: 'survey_answered',
  visitorId,
  sessionId: 'session-0001',
  seq: seq++,
  ts: Date.now() - 2000,
  props: { ...npsAnswer(value, 'people-nps'), responseId: `r-${visitorId}-${seq}` },
});
const view = (visitorId: string) => pageview(SITE, visitorId, { seq: seq++, ts: Date.now() - 3000 + seq });
const json = async <T = any>(path: string) => {
  const res = await read(`/v1/sites/${SITE}${path}`, keys.read);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
const store = async (...events: unknown[]) => expect((await postEvents({ events })).status).toBe(200);
const cardScore = async (visitorId: string) => (await json<{ score: number }>(`/visitors/${visitorId}/score`)).score;

interface Listed {
  visitorId: string;
  customerId: string | null;
  score: number;
}
/** Every row of visitors?sort=score, page by page. */
async function walkByScore(limit: number, q?: string) {
  const rows: Listed[] = [];
  let cursor: string | null = null;
  do {
    const page: { visitors: Listed[]; nextCursor: string | null } = await json(
      `/visitors?sort=score&limit=${limit}${q ? `&q=${q}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    rows.push(...page.visitors);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  await createSurvey(SITE, keys.write, { id: 'people-nps', name: 'NPS', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] });
  // gus: a promoter on two devices, one identified so far. hal: a detractor. ivy, jon: pages only.
  await store(
    view('people-gus-phone'),
    nps('people-gus-phone', 10),
    identify(SITE, 'people-gus-phone', 'gus'),
    view('people-gus-laptop'),
    nps('people-gus-laptop', 9),
    view('people-hal'),
    nps('people-hal', 1),
    view('people-ivy'),
    view('people-jon'),
  );
});

describe('stored per-person scores', () => {
  it("list every visitor once by score, across pages, each with the card's score", async () => {
    const rows = await walkByScore(2);
    expect(rows.map((r) => r.visitorId).sort()).toEqual(['people-gus-laptop', 'people-gus-phone', 'people-hal', 'people-ivy', 'people-jon']);
    for (let i = 1; i < rows.length; i++) expect(rows[i].score).toBeLessThanOrEqual(rows[i - 1].score);
    for (const r of rows) expect(r.score, r.visitorId).toBe(await cardScore(r.visitorId));
    expect(rows.at(-1)!.visitorId).toBe('people-hal'); // the detractor last
    // A search sorted by score: the same order and cursor.
    const searched = await walkByScore(1, 'people-');
    expect(searched.map((r) => r.visitorId)).toEqual(rows.map((r) => r.visitorId));
  });

  it('follow an identify: the two devices become one person with one score, counted once', async () => {
    const before = (await json('/overview')).happyIndex;
    expect(before.people).toBe(5); // gus, the laptop not yet known as gus, hal, ivy, jon
    await store(identify(SITE, 'people-gus-laptop', 'gus'));
    const after = (await json('/overview')).happyIndex;
    expect(after.people).toBe(4);
    const gus = (await json<{ score: number }>('/customers/gus/score')).score;
    const scores = [gus, await cardScore('people-hal'), await cardScore('people-ivy'), await cardScore('people-jon')];
    expect(after.average).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / 4, 1);
    const rows = await walkByScore(3);
    expect(rows.filter((r) => r.customerId === 'gus').map((r) => r.score)).toEqual([gus, gus]);
    expect(rows[0].customerId).toBe('gus'); // both promoter answers now count for one person
  });

  it('follow a device that signs in as someone else: each person keeps only their own devices', async () => {
    await store(view('people-kim-tablet'), identify(SITE, 'people-kim-tablet', 'kim'));
    const gusBefore = (await json<{ score: number }>('/customers/gus/score')).score;
    const peopleBefore = (await json('/overview')).happyIndex.people;
    await store(identify(SITE, 'people-gus-laptop', 'kim')); // the laptop was lent to kim
    const gusAfter = (await json<{ score: number }>('/customers/gus/score')).score;
    expect(gusAfter).toBeLessThan(gusBefore); // one promoter answer fewer behind gus's score
    expect((await json('/overview')).happyIndex.people).toBe(peopleBefore);
    const rows = await walkByScore(2);
    expect(rows.find((r) => r.visitorId === 'people-gus-phone')!.score).toBe(gusAfter);
    expect(rows.find((r) => r.visitorId === 'people-gus-laptop')).toMatchObject({ customerId: 'kim', score: (await json('/customers/kim/score')).score });
    await store(identify(SITE, 'people-gus-laptop', 'gus'), identify(SITE, 'people-kim-tablet', 'gus')); // back, and kim's tablet too
    expect((await json('/overview')).happyIndex.people).toBe(peopleBefore - 1);
  });

  it('follow a new score model at once', async () => {
    const before = await cardScore('people-hal');
    const put = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/scores/config`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ signals: { survey: { weight: 100 } } }),
    });
    expect(put.status).toBe(200);
    const after = await cardScore('people-hal');
    expect(after).not.toBe(before);
    const listed = (await walkByScore(10)).find((r) => r.visitorId === 'people-hal')!;
    expect(listed.score).toBe(after);
  });

  it('follow an erasure: the customer leaves the overview and the list', async () => {
    const res = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/customers/gus`, { method: 'DELETE', headers: { authorization: `Bearer ${keys.write}` } });
    expect(res.status).toBe(200);
    expect((await json('/overview')).happyIndex.people).toBe(3);
    expect((await walkByScore(10)).map((r) => r.visitorId).sort()).toEqual(['people-hal', 'people-ivy', 'people-jon']);
  });

  it('count people in a past range by their first and last seen: before it, inside it, after it', async () => {
    const site = 'people-range-site';
    const keys = (await seedSite(site)).read;
    const now = Date.now();
    const ev = rowsDaysAgo(now);
    await storeEvents(env.DB, site, 'server', [
      ev('range-old', 'pageview', 40), // gone before the range
      ev('range-early', 'pageview', 10), // only inside it
      ev('range-through', 'pageview', 12), // from before it to now
      ev('range-through', 'pageview', 0),
      ev('range-late', 'pageview', 3), // first seen after it
      ev('range-late', 'pageview', 1),
      ev('range-laptop', 'pageview', 9),
      ev('range-laptop', 'identify', 9, { customerId: 'range-cus' }),
      ev('range-phone', 'pageview', 2), // the same customer's other device, after the range
      ev('range-phone', 'identify', 2, { customerId: 'range-cus' }),
    ], now);
    const o = await (await read(`/v1/sites/${site}/overview?from=${now - 11 * DAY}&to=${now - 5 * DAY}`, keys)).json<any>();
    expect({ visitors: o.visitors, customers: o.customers, people: o.happyIndex.people }).toEqual({ visitors: 3, customers: 1, people: 3 });
    const all = await (await read(`/v1/sites/${site}/overview`, keys)).json<any>();
    expect({ visitors: all.visitors, customers: all.customers, people: all.happyIndex.people }).toEqual({ visitors: 5, customers: 1, people: 4 });
  });

  it('decay: the per-minute cron re-scores hour-old scores as of its run', async () => {
    const later = Date.now() + 60 * DAY;
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: later, cron: EVERY_MINUTE }), env, ctx);
    await waitOnExecutionContext(ctx);
    const { config } = await getScoreConfig(env.DB, SITE);
    const hal = { visitorId: 'people-hal', customerId: null, firstSeen: 0, lastSeen: 0, events: 0 };
    const [then, now] = [(await visitorScores(env.DB, SITE, config, [hal], later)).get('people-hal'), await cardScore('people-hal')];
    expect(then).not.toBe(now); // 60 days of decay move the detractor towards the prior
    const rows = await walkByScore(10);
    expect(rows.find((r) => r.visitorId === 'people-hal')!.score).toBe(then);
    expect((await json('/overview')).happyIndex.asOf).toBe(later);
  });
});
