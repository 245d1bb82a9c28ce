import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeEvents } from '../src/store/events';
import { createSurvey, identify, ORIGIN, postEvents, read, rowsDaysAgo, seedSite } from './helpers';
import { fetchWorker } from './worker';

// The rule language a segment builder writes: AND/OR groups, event counts in the last D days, first and
// last seen, survey answers in a range, score bands, and the live count (preview) while editing.
const SITE = 'rule-site';
const NOW = Date.now();
let keys: { read: string; write: string };
const row = rowsDaysAgo(NOW);
const csat = (value: number, questionId = 'q1', surveyId = 'csat-q4') => ({ surveyId, questionId, questionType: 'rating', value });

beforeAll(async () => {
  keys = await seedSite(SITE);
  await storeEvents(
    env.DB,
    SITE,
    'server',
    [
      // Three page views this week.
      row('fan-01', 'pageview', 5),
      row('fan-01', 'pageview', 3),
      row('fan-01', 'pageview', 1),
      row('once-01', 'pageview', 2.5),
      // Three page views, all over a month ago: first and last seen 40 and 38 days ago.
      row('old-fan', 'pageview', 40),
      row('old-fan', 'pageview', 39),
      row('old-fan', 'pageview', 38),
      // One person on two devices: 2 + 1 page views this week. (Times sit between whole days: no test
      // depends on which side of a boundary a few milliseconds fall.)
      row('phone-001', 'pageview', 3.5),
      row('phone-001', 'pageview', 2),
      row('laptop-001', 'pageview', 1),
      // Survey answers: the latest answer to a question counts.
      row('csat-hi', 'survey_answered', 20, csat(5)),
      row('csat-lo', 'survey_answered', 3, csat(2)),
      row('csat-lo', 'survey_answered', 12, csat(5)),
      row('csat-up', 'survey_answered', 3, csat(2)),
      row('csat-up', 'survey_answered', 1, csat(4)),
      row('other-sv', 'survey_answered', 1, csat(5, 'q1', 'nps-x')),
      row('free-txt', 'survey_answered', 1, { ...csat(0), value: 'great' }),
    ],
    NOW,
  );
  const res = await postEvents({ events: [identify(SITE, 'phone-001', 'cust-a'), identify(SITE, 'laptop-001', 'cust-a')] });
  expect(res.status).toBe(200);
});

const post = (path: string, body: unknown, key: string, site = SITE) =>
  fetchWorker(`${ORIGIN}/v1/sites/${site}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Saves the rule, then lists its members through the read API. */
async function members(rule: unknown, site = SITE, k = keys): Promise<string[]> {
  const res = await post('/segments', { name: 'rule under test', rule }, k.write, site);
  expect(res.status).toBe(201);
  const { segment } = await res.json<{ segment: { id: string } }>();
  const list = await read(`/v1/sites/${site}/segments/${segment.id}/members?limit=100`, k.read);
  return (await list.json<{ visitors: { visitorId: string }[] }>()).visitors.map((v) => v.visitorId).sort();
}

const preview = async (rule: unknown, site = SITE, k = keys) => {
  const res = await post('/segments/preview', { rule }, k.read, site);
  expect(res.status).toBe(200);
  return res.json<{ visitors: number; people: number; scanned: number; complete: boolean }>();
};

describe('segment rule conditions', () => {
  it('counts events in the last D days over all of a person\'s devices', async () => {
    const atLeast3 = { did: { type: 'pageview', withinDays: 7, atLeast: 3 } };
    // phone-001 has 2 and laptop-001 has 1: together the person has 3. old-fan's 3 are too old.
    expect(await members({ all: [atLeast3] })).toEqual(['fan-01', 'laptop-001', 'phone-001']);
    expect(await members({ all: [{ did: { type: 'pageview', withinDays: 60, atLeast: 3 } }] })).toEqual(['fan-01', 'laptop-001', 'old-fan', 'phone-001']);
    // didNot with atLeast: fewer than 3 this week (those with none included).
    expect(await members({ all: [{ didNot: { type: 'pageview', withinDays: 7, atLeast: 3 } }, { did: { type: 'pageview', withinDays: 60 } }] })).toEqual(['old-fan', 'once-01']);
  });

  it('tests first and last seen in days before now', async () => {
    expect(await members({ all: [{ firstSeen: { olderThanDays: 30 } }] })).toEqual(['old-fan']);
    expect(await members({ all: [{ lastSeen: { olderThanDays: 10 } }] })).toEqual(['csat-hi', 'old-fan']);
    // The person's first visit counts: laptop-001 is new, but its owner's phone was first seen 3.5 days ago.
    expect(await members({ all: [{ firstSeen: { withinDays: 4, olderThanDays: 2 } }] })).toEqual(['csat-up', 'laptop-001', 'once-01', 'phone-001']);
  });

  it('matches survey answers in a range by the latest answer per question', async () => {
    expect(await members({ all: [{ answered: { survey: 'csat-q4', min: 4, max: 5 } }] })).toEqual(['csat-hi', 'csat-up']);
    expect(await members({ all: [{ answered: { survey: 'csat-q4', max: 2 } }] })).toEqual(['csat-lo']);
    // Without a range any answer counts (a text answer too); within D days narrows by answer time.
    expect(await members({ all: [{ answered: { survey: 'csat-q4', withinDays: 7 } }] })).toEqual(['csat-lo', 'csat-up', 'free-txt']);
    expect(await members({ all: [{ answered: { survey: 'csat-q4', question: 'q2' } }] })).toEqual([]);
  });

  it('puts every person in exactly the band their Happy Index reports', async () => {
    const all = (await (await read(`/v1/sites/${SITE}/visitors?limit=100`, keys.read)).json<{ visitors: { visitorId: string }[] }>()).visitors.map((v) => v.visitorId);
    const band = new Map<string, string>();
    for (const id of all) band.set(id, (await (await read(`/v1/sites/${SITE}/visitors/${encodeURIComponent(id)}/score`, keys.read)).json<{ band: string }>()).band);
    for (const name of ['happy', 'neutral', 'at risk']) {
      expect(await members({ all: [{ band: name }] })).toEqual(all.filter((id) => band.get(id) === name).sort());
    }
  });

  it('combines AND and OR groups', async () => {
    const rule = {
      any: [
        { all: [{ did: { type: 'pageview', withinDays: 7, atLeast: 3 } }, { firstSeen: { withinDays: 4 } }] },
        { answered: { survey: 'csat-q4', min: 4 } },
      ],
    };
    // fan-01 was first seen 5 days ago: only the person on two devices passes the first group.
    expect(await members(rule)).toEqual(['csat-hi', 'csat-up', 'laptop-001', 'phone-001']);
    expect(await members({ all: [{ any: [{ lastSeen: { olderThanDays: 30 } }, { did: { type: 'pageview', withinDays: 3 } }] }, { did: { type: 'pageview', withinDays: 60, atLeast: 2 } }] })).toEqual([
      'fan-01',
      'laptop-001',
      'old-fan',
      'phone-001',
    ]);
  });
});

describe('segment preview (live count)', () => {
  it('counts visitors and people with a read key, and the count follows the rule', async () => {
    const three = { all: [{ did: { type: 'pageview', withinDays: 7, atLeast: 3 } }] };
    expect(await preview(three)).toEqual({ visitors: 3, people: 2, scanned: 10, complete: true });
    expect(await preview({ all: [{ did: { type: 'pageview', withinDays: 7, atLeast: 2 } }] })).toMatchObject({ visitors: 3, people: 2 });
    expect(await preview({ all: [{ did: { type: 'pageview', withinDays: 7, atLeast: 1 } }] })).toMatchObject({ visitors: 4, people: 3 });
  });

  it('answers 400 naming the field deep inside a group, and saves nothing', async () => {
    const res = await post('/segments/preview', { rule: { any: [{ all: [{ did: { type: 'pageview', withinDays: 7, atLeast: 0 } }] }] } }, keys.read);
    expect(res.status).toBe(400);
    expect((await res.json<{ field: string }>()).field).toBe('rule.any[0].all[0].did.atLeast');
    const seen = await post('/segments/preview', { rule: { all: [{ firstSeen: {} }] } }, keys.read);
    expect(await seen.json<{ field: string }>()).toMatchObject({ field: 'rule.all[0].firstSeen' });
    expect((await post('/segments/preview', { rule: { all: [{ band: 'happy' }] } }, 'not-a-key')).status).toBe(401);
  });

  it('serves saved grouped rules to exports like any segment', async () => {
    const res = await post('/segments', { name: 'two devices', rule: { any: [{ all: [{ did: { type: 'pageview', withinDays: 7, atLeast: 3 } }, { firstSeen: { withinDays: 4 } }] }] } }, keys.write);
    const { segment } = await res.json<{ segment: { id: string } }>();
    const csv = await (await read(`/v1/sites/${SITE}/exports/visitors?format=ndjson&segment=${segment.id}`, keys.read)).text();
    expect(csv.trim().split('\n').map((l) => JSON.parse(l).visitorId).sort()).toEqual(['laptop-001', 'phone-001']);
  });

  it('targets a survey at a saved grouped rule: shown to its members only', async () => {
    const res = await post('/segments', { name: 'fans or happy raters', rule: { any: [{ did: { type: 'pageview', withinDays: 7, atLeast: 3 } }, { answered: { survey: 'csat-q4', min: 4 } }] } }, keys.write);
    const { segment } = await res.json<{ segment: { id: string } }>();
    await createSurvey(SITE, keys.write, { id: 'fan-survey', name: 'fans', questions: [{ id: 'q', type: 'csat', text: 'How are we doing?' }], targeting: { include: [{ match: 'exact', value: '/' }], segment: segment.id } });
    const ok = async (visitor: string) => {
      const r = await read(`/v1/sites/${SITE}/surveys/visitors/${visitor}`);
      const body = await r.json<{ segmentOk: string[] }>();
      expect(r.status, JSON.stringify(body)).toBe(200);
      return body.segmentOk;
    };
    expect(await ok('laptop-001')).toEqual(['fan-survey']);
    expect(await ok('phone-001')).toEqual(['fan-survey']);
    // A text answer is in no value range; no page views.
    expect(await ok('free-txt')).toEqual([]);
  });
});

describe('channel condition', () => {
  // A site of its own, so the counts above stay as they are. Each landing is one browser batch, so the
  // sessions projection classifies it as at ingest:
  //   phone-ch + laptop-ch  one customer: e-mail 2 days ago on the phone, direct yesterday on the laptop
  //   search-ch             organic search 20 days ago, direct yesterday
  //   direct-ch             direct 3 days ago
  //   server-ch             server events only: no session
  const CH = 'channel-rule-site';
  let chKeys: { read: string; write: string };
  const client = { browser: 'Chrome', os: 'Linux', deviceType: 'desktop', country: 'DE' };
  const land = (visitor: string, session: string, daysAgo: number, url: string, referrer?: string) => ({
    ...row(visitor, 'pageview', daysAgo, { title: 'Shop', ...(referrer && { referrer }) }, null, session),
    url,
    path: new URL(url).pathname,
  });

  beforeAll(async () => {
    chKeys = await seedSite(CH);
    const landings = [
      land('phone-ch', 'ch-s-phone', 2, 'https://shop.example/?utm_source=news&utm_medium=email'),
      land('laptop-ch', 'ch-s-laptop', 1, 'https://shop.example/'),
      land('search-ch', 'ch-s-search1', 20, 'https://shop.example/', 'https://www.google.com/'),
      land('search-ch', 'ch-s-search2', 1, 'https://shop.example/'),
      land('direct-ch', 'ch-s-direct', 3, 'https://shop.example/'),
    ];
    for (const r of landings) await storeEvents(env.DB, CH, 'browser', [r], NOW, client);
    await storeEvents(env.DB, CH, 'server', [row('server-ch', 'pageview', 1, {}, null, 'ch-s-server')], NOW);
    const res = await postEvents({ events: [identify(CH, 'phone-ch', 'cust-ch'), identify(CH, 'laptop-ch', 'cust-ch')] });
    expect(res.status).toBe(200);
  });

  const channel = (is: string, withinDays?: number) => ({ channel: { is, ...(withinDays && { withinDays }) } });

  it('matches people with a session from the channel, over all of their devices', async () => {
    // The laptop never came by e-mail, its owner did (on the phone).
    expect(await members({ all: [channel('email')] }, CH, chKeys)).toEqual(['laptop-ch', 'phone-ch']);
    expect(await members({ all: [channel('organic_search')] }, CH, chKeys)).toEqual(['search-ch']);
    expect(await members({ all: [channel('paid_search')] }, CH, chKeys)).toEqual([]);
  });

  it('counts only sessions started within the last D days when given', async () => {
    expect(await members({ all: [channel('organic_search', 7)] }, CH, chKeys)).toEqual([]);
    expect(await members({ all: [channel('organic_search', 30)] }, CH, chKeys)).toEqual(['search-ch']);
    // direct-ch's direct session is 3 days old.
    expect(await members({ all: [channel('direct', 2)] }, CH, chKeys)).toEqual(['laptop-ch', 'phone-ch', 'search-ch']);
  });

  it('works inside an any group and in the live count', async () => {
    const rule = { all: [{ any: [channel('email'), channel('organic_search', 30)] }, { did: { type: 'pageview', withinDays: 30 } }] };
    expect(await members(rule, CH, chKeys)).toEqual(['laptop-ch', 'phone-ch', 'search-ch']);
    expect(await preview(rule, CH, chKeys)).toEqual({ visitors: 3, people: 2, scanned: 5, complete: true });
    expect(await preview({ any: [channel('direct', 30), channel('email')] }, CH, chKeys)).toMatchObject({ visitors: 4, people: 3 });
  });

  it('answers 400 naming the field for an unknown channel or a bad withinDays', async () => {
    const bad = await post('/segments/preview', { rule: { any: [{ all: [{ channel: { is: 'newsletter' } }] }] } }, chKeys.read, CH);
    expect(bad.status).toBe(400);
    expect(await bad.json<{ field: string }>()).toMatchObject({ field: 'rule.any[0].all[0].channel.is' });
    const days = await post('/segments', { name: 'x', rule: { all: [{ channel: { is: 'email', withinDays: 0 } }] } }, chKeys.write, CH);
    expect(days.status).toBe(400);
    expect(await days.json<{ field: string }>()).toMatchObject({ field: 'rule.all[0].channel.withinDays' });
  });
});
