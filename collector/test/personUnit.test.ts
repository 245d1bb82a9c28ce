import { env } from 'cloudflare:test';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { takeSegmentSnapshot } from '../src/snapshots/takeSegmentSnapshot';
import { identify, npsAnswer, ORIGIN, pageview, postEvents, read, seedSite } from './helpers';
import { drained, outcome } from './ingestOutcome';
import { fetchWorker } from './worker';

const SITE = 'person-unit-site';
const BROWSER = 'browser-of-dana';
let keys: { read: string; write: string };

const send = (method: string, path: string, body: unknown) =>
  fetchWorker(`${ORIGIN}/v1/sites/${SITE}${path}`, {
    method,
    headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const json = async <T>(path: string) => {
  const res = await read(`/v1/sites/${SITE}${path}`, keys.read);
  expect(res.status).toBe(200);
  return res.json<T>();
};
const members = async (segment: string) =>
  (await json<{ visitors: { visitorId: string }[] }>(`/segments/${segment}/members?limit=100`)).visitors.map((v) => v.visitorId).sort();

interface Score {
  score: number;
  segments: string[];
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  const t = Date.now() - 60_000;
  // Dana browses and logs in on one browser; someone else only browses.
  expect((await postEvents({ events: [pageview(SITE, BROWSER, { ts: t }), identify(SITE, BROWSER, 'dana', { plan: 'pro' }, { ts: t + 1 })] })).status).toBe(200);
  expect((await postEvents({ events: [pageview(SITE, 'someone-else-2', { ts: t + 2 })] })).status).toBe(200);
  // Then, away from the browser: NPS 0 answered in a newsletter survey, and a ticket reopened.
  const res = await drained(() =>
    send('POST', '/server-events', {
      events: [
        { id: 'dana-email-nps', type: 'survey_answered', customerId: 'dana', ts: t + 10, props: { ...npsAnswer(0, 'email-nps'), channel: 'email' } },
        { id: 'dana-ticket-open', type: 'ticket_opened', customerId: 'dana', ts: t + 20, props: { ticketId: '77' } },
        { id: 'dana-ticket-reopen', type: 'ticket_updated', customerId: 'dana', ts: t + 30, props: { ticketId: '77', status: 'open', reopened: true, reopenCount: 1 } },
      ],
    }),
  );
  expect(await outcome(res)).toMatchObject({ accepted: 3 });
});

describe('the person is the unit', () => {
  it("moves the customer's browser into nps-detractors and at-risk, as their card says", async () => {
    const card = await json<Score>('/customers/dana/score');
    expect(card.segments).toEqual(expect.arrayContaining(['nps-detractors', 'at-risk']));
    expect(card.score).toBeLessThan(60);
    // The browser's own score answer is its person's.
    expect(await json<Score>(`/visitors/${BROWSER}/score`)).toMatchObject({ score: card.score, segments: card.segments, customerId: 'dana' });

    for (const segment of ['nps-detractors', 'at-risk']) expect(await members(segment)).toEqual([BROWSER, 'customer:dana']);
    expect(await members('nps-detractors')).not.toContain('someone-else-2');
    const filtered = await json<{ visitors: { visitorId: string; score: number }[] }>('/visitors?segment=at-risk');
    expect(filtered.visitors.find((v) => v.visitorId === BROWSER)?.score).toBe(card.score);
  });

  it("gives the browser's row in the visitors list, by last seen and by score, the card's score", async () => {
    const card = await json<Score>('/customers/dana/score');
    for (const sort of ['lastSeen', 'score']) {
      const list = await json<{ visitors: { visitorId: string; score: number }[] }>(`/visitors?sort=${sort}`);
      expect(list.visitors.find((v) => v.visitorId === BROWSER)?.score).toBe(card.score);
    }
    const search = await json<{ visitors: { visitorId: string; score: number }[] }>('/visitors?q=dana');
    expect(search.visitors.map((v) => v.visitorId).sort()).toEqual([BROWSER, 'customer:dana']);
    expect(new Set(search.visitors.map((v) => v.score))).toEqual(new Set([card.score]));
  });

  it("exports the browser's row with the card's score and segments, in CSV and NDJSON", async () => {
    const card = await json<Score>('/customers/dana/score');
    const ndjson = await (await read(`/v1/sites/${SITE}/exports/visitors?format=ndjson`, keys.read)).text();
    const row = ndjson.trim().split('\n').map((l) => JSON.parse(l)).find((r) => r.visitorId === BROWSER);
    expect(row).toMatchObject({ customerId: 'dana', happyIndex: card.score });
    expect([...row.segments].sort()).toEqual([...card.segments].sort());

    const csv = parse(await (await read(`/v1/sites/${SITE}/exports/visitors?format=csv`, keys.read)).text(), { columns: true }) as Record<string, string>[];
    const csvRow = csv.find((r) => r.visitor_id === BROWSER)!;
    expect(Number(csvRow.happy_index)).toBe(card.score);
    expect(csvRow.segments.split(' ').sort()).toEqual([...card.segments].sort());

    const segmentCsv = parse(await (await read(`/v1/sites/${SITE}/exports/visitors?format=csv&segment=at-risk`, keys.read)).text(), { columns: true }) as Record<string, string>[];
    expect(segmentCsv.map((r) => r.visitor_id).sort()).toEqual([BROWSER, 'customer:dana']);

    const journey = await (await read(`/v1/sites/${SITE}/exports/journeys?format=ndjson`, keys.read)).text();
    const browserEvents = journey.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.visitorId === BROWSER);
    expect(browserEvents.length).toBeGreaterThan(0);
    for (const e of browserEvents) expect(e.happyIndex).toBe(card.score);
  });

  it('shows a survey targeted at detractors to the browser', async () => {
    const survey = { id: 'win-back', name: 'win back', questions: [{ id: 'q', type: 'csat', text: 'How can we do better?' }], targeting: { include: [{ match: 'exact', value: '/' }], segment: 'nps-detractors' } };
    expect((await send('POST', '/surveys', survey)).status).toBe(201);
    expect((await (await read(`/v1/sites/${SITE}/surveys/visitors/${BROWSER}`)).json<{ segmentOk: string[] }>()).segmentOk).toEqual(['win-back']);
    expect((await (await read(`/v1/sites/${SITE}/surveys/visitors/someone-else-2`)).json<{ segmentOk: string[] }>()).segmentOk).toEqual([]);
  });

  it('counts the person once in the daily snapshot, under their person key', async () => {
    const snapshot = await takeSegmentSnapshot(env.DB, SITE);
    expect(snapshot).toMatchObject({ visitors: 3, people: 2 });
    expect(snapshot.segments.find((s) => s.segment === 'nps-detractors')?.size).toBe(1);
    expect(snapshot.segments.find((s) => s.segment === 'at-risk')?.size).toBe(1);
    const { results } = await env.DB.prepare('SELECT visitor_id, segments FROM segment_membership WHERE site = ? ORDER BY visitor_id').bind(SITE).all<{ visitor_id: string; segments: string }>();
    expect(results.map((r) => r.visitor_id)).toEqual(['customer:dana', 'someone-else-2']);
    const card = await json<Score>('/customers/dana/score');
    expect(JSON.parse(results[0].segments).sort()).toEqual([...card.segments].sort());
  });
});
