import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { fallingSubjects } from '../src/segments/fallingSubjects';
import { scanSegment, SCAN_BUDGET } from '../src/segments/scanSegment';
import { NAME } from '../src/schema/vocabulary';
import { storeEvents } from '../src/store/events';
import { getScoreConfig } from '../src/store/scoreConfig';
import { eventId, identify, ORIGIN, postEvents, read, rowsDaysAgo, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'segment-site';
const NOW = Date.now();
let keys: { read: string; write: string };

const row = rowsDaysAgo(NOW);

const nps = (v: number) => ({ questionType: 'nps', value: v });

beforeAll(async () => {
  keys = await seedSite(SITE);
  // Stored directly so events can be weeks old (the public API clamps to 7 days).
  await storeEvents(
    env.DB,
    SITE,
    'server',
    [
      row('promoter-1', 'survey_answered', 1, nps(10)),
      row('promoter-1', 'pageview', 1, {}, null, 'session-0002'),
      row('passive-01', 'survey_answered', 2, nps(7)),
      // Answered 3 first, then 6: the latest answer counts.
      row('detractor1', 'survey_answered', 20, nps(3)),
      row('detractor1', 'survey_answered', 12, nps(6)),
      row('cooling-01', 'pageview', 12),
      row('dormant-01', 'pageview', 45),
      row('customer:reader-1', 'newsletter_open', 3, { class: 'human', campaign: 'nov' }),
      row('customer:reader-2', 'newsletter_open', 3, { class: 'human', campaign: 'nov' }),
      // Props as the pixel route stores them: an Apple Mail Privacy Protection prefetch is not a reader.
      row('customer:proxy-01', 'newsletter_open', 3, { class: 'apple_mpp', campaign: 'dec' }),
      row('falling-01', 'survey_answered', 29, nps(10)),
      row('falling-01', 'survey_answered', 28, nps(10)),
    ],
    NOW,
  );
  // Falling: happy a month ago, then three detractor answers and failed chats this week.
  await storeEvents(
    env.DB,
    SITE,
    'server',
    [
      row('falling-01', 'survey_answered', 2, nps(0)),
      row('falling-01', 'survey_answered', 1, nps(1)),
      row('falling-01', 'chat_ended', 1, { resolved: false, rating: 1 }),
      row('falling-01', 'event', 0, {}, NAME.rageClick),
    ],
    NOW,
  );
  // reader-2 also browses on a laptop: not "newsletter only" any more.
  const res = await postEvents({
    events: [
      { id: eventId(), site: SITE, type: 'pageview', visitorId: 'laptop-of-reader-2', sessionId: 'session-0001', seq: 0, ts: NOW - 1000, url: 'https://shop.example/', props: {} },
      identify(SITE, 'laptop-of-reader-2', 'reader-2', { plan: 'pro' }),
      identify(SITE, 'promoter-1', 'promo-cust', { plan: 'pro', country: 'IT' }),
    ],
  });
  expect(res.status).toBe(200);
});

async function members(segment: string): Promise<string[]> {
  const res = await read(`/v1/sites/${SITE}/segments/${segment}/members?limit=100`, keys.read);
  expect(res.status).toBe(200);
  return (await res.json<{ visitors: { visitorId: string }[] }>()).visitors.map((v) => v.visitorId).sort();
}

describe('built-in segments', () => {
  it('splits NPS promoters, passives and detractors by their latest answer', async () => {
    expect(await members('nps-promoters')).toEqual(['promoter-1']);
    expect(await members('nps-passives')).toEqual(['passive-01']);
    expect(await members('nps-detractors')).toEqual(['detractor1', 'falling-01']);
  });

  it('tells engaged, cooling and dormant visitors apart by when they were last seen', async () => {
    expect(await members('cooling')).toEqual(['cooling-01', 'detractor1']);
    expect(await members('dormant')).toEqual(['dormant-01']);
    expect(await members('engaged')).toContain('promoter-1');
  });

  it('calls visitors with more than one session returning', async () => {
    expect(await members('returning')).toEqual(['promoter-1']);
    expect(await members('new')).toContain('passive-01');
  });

  it('finds newsletter readers who never visited, across the devices of a customer', async () => {
    expect(await members('newsletter-only')).toEqual(['customer:reader-1']);
  });

  it('marks a visitor whose Happy Index fell over 30 days as at risk', async () => {
    expect(await members('at-risk')).toEqual(['falling-01']);
  });

  it('finds the same at-risk visitors among all of the site\'s people at once as page by page', async () => {
    const ids = (await env.DB.prepare('SELECT visitor_id FROM visitors WHERE site = ?').bind(SITE).all<{ visitor_id: string }>()).results.map((r) => r.visitor_id);
    const config = (await getScoreConfig(env.DB, SITE)).config;
    const people = new Map(ids.map((id) => [id, [id]]));
    expect([...(await fallingSubjects(env.DB, SITE, config, people, Date.now()))]).toEqual(['falling-01']);
    const alone = await Promise.all(ids.map((id) => fallingSubjects(env.DB, SITE, config, new Map([[id, [id]]]), Date.now())));
    expect(alone.flatMap((s) => [...s])).toEqual(['falling-01']);
  });
});

describe('members list budget', () => {
  it('answers with what it found and a cursor once its time is spent, and the cursors walk to every member once', async () => {
    const config = (await getScoreConfig(env.DB, SITE)).config;
    const spec = { builtin: 'nps-detractors' as const };
    const everyone = await scanSegment(env.DB, SITE, config, spec, 100, null);
    expect(everyone.visitors.map((v) => v.visitorId).sort()).toEqual(['detractor1', 'falling-01']);
    // No time at all: each request tests one page of 3 visitors and hands back the cursor.
    const spent = { ...SCAN_BUDGET, page: 3, ms: 0 };
    const seen: string[] = [];
    let cursor: [number, string] | null = null;
    let requests = 0;
    do {
      const part: Awaited<ReturnType<typeof scanSegment>> = await scanSegment(env.DB, SITE, config, spec, 100, cursor, Date.now(), spent);
      seen.push(...part.visitors.map((v) => v.visitorId));
      cursor = part.nextCursor;
      requests++;
    } while (cursor);
    expect(requests).toBeGreaterThan(2);
    expect(seen.sort()).toEqual(['detractor1', 'falling-01']);
  });
});

describe('custom segments', () => {
  const save = (body: unknown, key = keys.write) =>
    fetchWorker(`${ORIGIN}/v1/sites/${SITE}/segments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('saves a rule and answers its members: trait, event done within N days, score range', async () => {
    const res = await save({
      name: 'Happy pro customers who answered a survey this week',
      rule: { all: [{ trait: { key: 'plan', equals: 'pro' } }, { did: { type: 'survey_answered', withinDays: 7 } }, { score: { min: 60 } }] },
    });
    expect(res.status).toBe(201);
    const { segment } = await res.json<{ segment: { id: string } }>();
    expect(await members(segment.id)).toEqual(['promoter-1']);

    const list = await (await read(`/v1/sites/${SITE}/segments`, keys.read)).json<{ saved: { id: string }[]; builtin: unknown[] }>();
    expect(list.saved.map((s) => s.id)).toContain(segment.id);
    expect(list.builtin).toHaveLength(10);
  });

  it('supports "not done within N days", campaigns and built-ins inside a rule', async () => {
    const notRecent = await (await save({ name: 'quiet', rule: { all: [{ didNot: { type: 'pageview', withinDays: 30 } }, { segment: 'nps-detractors' }] } })).json<{ segment: { id: string } }>();
    expect(await members(notRecent.segment.id)).toEqual(['detractor1', 'falling-01']);
    const nov = await (await save({ name: 'nov', rule: { all: [{ campaign: 'nov' }] } })).json<{ segment: { id: string } }>();
    // reader-2's laptop belongs to the same person as their newsletter click: both rows are members.
    expect(await members(nov.segment.id)).toEqual(['customer:reader-1', 'customer:reader-2', 'laptop-of-reader-2']);
  });

  it('filters the visitors list with ?segment=', async () => {
    const res = await read(`/v1/sites/${SITE}/visitors?segment=nps-detractors`, keys.read);
    const body = await res.json<{ visitors: { visitorId: string }[]; nextCursor: string | null }>();
    expect(body.visitors.map((v) => v.visitorId).sort()).toEqual(['detractor1', 'falling-01']);
    expect(body.nextCursor).toBeNull();
  });

  it('refuses bad rules naming the field, read keys, and unknown segments', async () => {
    const bad = await save({ name: 'x', rule: { all: [{ did: { type: 'pageview', withinDays: 0 } }] } });
    expect(bad.status).toBe(400);
    expect((await bad.json<{ field: string }>()).field).toMatch(/^rule\.all\[0\]/);
    expect((await save({ name: 'x', rule: { all: [] } })).status).toBe(400);
    expect((await save({ name: 'x', rule: { all: [{ segment: 'dormant' }] } }, keys.read)).status).toBe(401);
    const unknown = await read(`/v1/sites/${SITE}/visitors?segment=nope`, keys.read);
    expect(unknown.status).toBe(400);
    expect((await unknown.json<{ field: string }>()).field).toBe('segment');
  });

  it('deletes a saved segment', async () => {
    const { segment } = await (await save({ name: 'temp', rule: { all: [{ segment: 'dormant' }] } })).json<{ segment: { id: string } }>();
    const del = () => fetchWorker(`${ORIGIN}/v1/sites/${SITE}/segments/${segment.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${keys.write}` } });
    expect((await del()).status).toBe(204);
    expect((await del()).status).toBe(404);
  });
});
