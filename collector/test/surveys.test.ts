import { ingestEvents } from '../src/ingest/ingestEvents';
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventId, identify, ORIGIN, postEvents, read, refusedFields, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'survey-site';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
});

const send = (method: string, path: string, body: unknown, key = keys.write) =>
  fetchWorker(`${ORIGIN}/v1/sites/${SITE}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const nps = {
  id: 'nps-home',
  name: 'Home NPS',
  questions: [
    { id: 'score', type: 'nps', text: 'How likely are you to recommend us?' },
    { id: 'why', type: 'text', text: 'What could we do better?', showIf: { question: 'score', max: 6 }, required: false },
  ],
  targeting: { include: [{ match: 'exact', value: '/' }], delaySeconds: 5 },
  placement: { kind: 'popup', position: 'centre' },
};

describe('survey definitions', () => {
  it('creates, reads, replaces and deletes a survey with a write key, filling defaults', async () => {
    const created = await send('POST', '/surveys', nps);
    expect(created.status).toBe(201);
    const { survey } = await created.json<{ survey: Record<string, any> }>();
    expect(survey).toMatchObject({ id: 'nps-home', status: 'active', lang: 'en', fatigue: { repeat: 'once' } });
    expect(survey.targeting).toMatchObject({ samplePercent: 100, audience: 'everyone', exclude: [] });

    const one = await read(`/v1/sites/${SITE}/surveys/nps-home`, keys.read);
    expect(one.status).toBe(200);
    expect((await one.json<{ survey: { name: string } }>()).survey.name).toBe('Home NPS');

    const replaced = await send('PUT', '/surveys/nps-home', { ...nps, name: 'Home NPS v2', status: 'paused' });
    expect(replaced.status).toBe(200);
    const list = await (await read(`/v1/sites/${SITE}/surveys`, keys.read)).json<{ surveys: { id: string; name: string; status: string }[] }>();
    expect(list.surveys.map((s) => `${s.id} ${s.name} ${s.status}`)).toEqual(['nps-home Home NPS v2 paused']);

    expect((await send('DELETE', '/surveys/nps-home', undefined)).status).toBe(204);
    expect((await read(`/v1/sites/${SITE}/surveys/nps-home`, keys.read)).status).toBe(404);
    expect((await send('DELETE', '/surveys/nps-home', undefined)).status).toBe(404);
  });

  it('makes an id from the name when none is given, and refuses a taken one with 409', async () => {
    const res = await send('POST', '/surveys', { ...nps, id: undefined, name: 'Spring Check-in!' });
    expect(res.status).toBe(201);
    const { survey } = await res.json<{ survey: { id: string } }>();
    expect(survey.id).toMatch(/^spring-check-in-[0-9a-f]{6}$/);
    const again = await send('POST', '/surveys', { ...nps, id: survey.id });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: `id: a survey "${survey.id}" already exists`, field: 'id' });
  });

  it('needs a write key for changes: a read key or none gets 401', async () => {
    expect((await send('POST', '/surveys', nps, keys.read)).status).toBe(401);
    expect((await send('PUT', '/surveys/x', nps, 'nope')).status).toBe(401);
    expect((await send('DELETE', '/surveys/x', undefined, keys.read)).status).toBe(401);
    // Reading definitions needs the read key.
    expect((await read(`/v1/sites/${SITE}/surveys`)).status).toBe(401);
  });

  it('answers 400 naming the field for a bad definition', async () => {
    const cases: [unknown, string][] = [
      [{ ...nps, questions: [] }, 'questions'],
      [{ ...nps, questions: [{ id: 'q', type: 'rating', text: 'Rate', scale: 7, style: 'emoji' }] }, 'questions[0].scale'],
      [{ ...nps, questions: [{ id: 'q', type: 'rating', text: 'Rate', scale: 11, style: 'stars' }] }, 'questions[0].scale'],
      [{ ...nps, questions: [{ id: 'q', type: 'single', text: 'Pick', choices: ['only one'] }] }, 'questions[0].choices'],
      [{ ...nps, questions: [{ id: 'q', type: 'slider', text: 'Slide' }] }, 'questions[0].type'],
      [{ ...nps, questions: [nps.questions[1], nps.questions[0]] }, 'questions[0].showIf.question'],
      [{ ...nps, questions: [nps.questions[0], { ...nps.questions[0] }] }, 'questions[1].id'],
      [{ ...nps, targeting: { include: [{ match: 'regex', value: '(' }] } }, 'targeting.include[0].value'],
      [{ ...nps, targeting: { samplePercent: 150 } }, 'targeting.samplePercent'],
      [{ ...nps, fatigue: { repeat: 'everyNDays' } }, 'fatigue.days'],
      [{ ...nps, placement: { kind: 'modal' } }, 'placement.kind'],
      [{ ...nps, translations: { Italian: {} } }, 'translations.Italian'],
      [{ ...nps, id: 'active' }, 'id'],
      ['{not json', 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await send('POST', '/surveys', body);
      expect(res.status, field).toBe(400);
      const json = await res.json<{ error: string; field: string }>();
      expect(json.field, JSON.stringify(json)).toBe(field);
      expect(json.error).toContain(field);
    }
  });

  it('keeps hostile text as given: the widget renders it as text, never HTML', async () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const res = await send('POST', '/surveys', { ...nps, id: 'hostile', title: hostile.slice(0, 80), questions: [{ id: 'q', type: 'thumbs', text: hostile }] });
    expect(res.status).toBe(201);
    const { survey } = await (await read(`/v1/sites/${SITE}/surveys/hostile`, keys.read)).json<{ survey: { questions: { text: string }[] } }>();
    expect(survey.questions[0].text).toBe(hostile);
    await send('DELETE', '/surveys/hostile', undefined);
  });
});

describe('GET /surveys/active (public, for the SDK)', () => {
  it('lists active surveys and settings without a key, cacheable at the edge with an ETag', async () => {
    await send('POST', '/surveys', { ...nps, id: 'live-one' });
    await send('POST', '/surveys', { ...nps, id: 'paused-one', status: 'paused' });
    await send('PUT', '/survey-settings', { budgetDays: 14, crossChannelDays: 30 });

    const res = await read(`/v1/sites/${SITE}/surveys/active`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('public');
    expect(res.headers.get('cache-control')).toContain('s-maxage=60');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.json<{ surveys: { id: string }[]; settings: unknown }>();
    expect(body.surveys.map((s) => s.id)).toContain('live-one');
    expect(body.surveys.map((s) => s.id)).not.toContain('paused-one');
    expect(body.settings).toEqual({ budgetDays: 14, crossChannelDays: 30 });

    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/surveys/active`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    // An edit changes the ETag, so caches pick it up.
    expect((await send('PUT', '/surveys/live-one', { ...nps, id: undefined, title: 'Renamed' })).status).toBe(200);
    const changed = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/surveys/active`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it("gives each pop-up a gate: its URL rules as one regex and the event it waits for", async () => {
    const rules = {
      include: [
        { match: 'exact', value: '/' },
        { match: 'contains', value: '/product?' },
        { match: 'regex', value: '/blog/\\d+$' },
      ],
      exclude: [{ match: 'contains', value: 'preview=1' }],
    };
    await send('POST', '/surveys', { ...nps, id: 'gated', targeting: { ...rules, event: 'checkout_completed' } });
    await send('POST', '/surveys', { ...nps, id: 'newsletter-only', targeting: { newsletterVisit: true } });
    await send('POST', '/surveys', { ...nps, id: 'inline-one', placement: { kind: 'inline' } });
    const { surveys } = await (await read(`/v1/sites/${SITE}/surveys/active`)).json<{ surveys: { id: string; gate?: { page: string; after: string } }[] }>();
    const gate = (id: string) => surveys.find((s) => s.id === id)!.gate;
    expect(gate('gated')!.after).toBe('checkout_completed');
    const page = RegExp(gate('gated')!.page);
    const yes = ['https://shop.example/', 'https://shop.example/?utm_source=x', 'https://shop.example/product?sku=1', 'https://shop.example/blog/42'];
    const no = ['https://shop.example/pricing', 'https://shop.example/?preview=1', 'https://shop.example/blog/42/comments', 'https://shop.example/product'];
    expect(yes.filter((u) => page.test(u))).toEqual(yes);
    expect(no.filter((u) => page.test(u))).toEqual([]);
    const newsletter = RegExp(gate('newsletter-only')!.page);
    expect(newsletter.test('https://shop.example/spring?utm_source=nl&utm_medium=email')).toBe(true);
    expect(newsletter.test('https://shop.example/spring?utm_medium=emailing')).toBe(false);
    expect(gate('newsletter-only')!.after).toBe('pageview');
    // Inline surveys have no gate: their element on the page is their placement.
    expect(gate('inline-one')).toBeUndefined();
  });

  it('answers 404 for a site that does not exist', async () => {
    expect((await read('/v1/sites/no-such-site/surveys/active')).status).toBe(404);
  });

  it('validates settings, naming the field', async () => {
    const res = await send('PUT', '/survey-settings', { budgetDays: -1 });
    expect(res.status).toBe(400);
    expect((await res.json<{ field: string }>()).field).toBe('budgetDays');
  });
});

describe('cross-channel: GET /surveys/visitors/:visitorId', () => {
  it('tells a browser when its customer answered a survey in another channel, but not for web answers', async () => {
    const answer = (visitorId: string, channel: string, ts: number) => ({
      id: eventId(),
      site: SITE,
      type: 'survey_answered',
      visitorId,
      sessionId: 'session-0001',
      seq: 0,
      ts,
      props: { surveyId: 'email-csat', responseId: `resp-${eventId()}`, channel, questionId: 'q', questionType: 'csat', value: 5 },
    });
    const t = Date.now() - 10_000;
    // The browser identified as cust-7; the newsletter's email survey answer is stored under customer:cust-7.
    expect((await postEvents({ events: [identify(SITE, 'browser-visitor-7', 'cust-7')] })).status).toBe(200);
    // Email answers arrive server-side (browser ingest refuses customer:<id> visitors), through the same ingest path.
    await ingestEvents(env.DB, { site: SITE, source: 'server', events: [answer('customer:cust-7', 'email', t) as never], receivedAt: Date.now() });
    // Someone else answered on the web only.
    expect((await postEvents({ events: [answer('web-only-visitor', 'web', t)] })).status).toBe(200);

    const mine = await read(`/v1/sites/${SITE}/surveys/visitors/browser-visitor-7`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(await mine.json()).toEqual({ answeredElsewhereAt: t, identified: true, segmentOk: [], ticketFollowUp: {} });
    expect(await (await read(`/v1/sites/${SITE}/surveys/visitors/web-only-visitor`)).json()).toEqual({ answeredElsewhereAt: null, identified: false, segmentOk: [], ticketFollowUp: {} });
    expect(await (await read(`/v1/sites/${SITE}/surveys/visitors/never-seen-visitor`)).json()).toEqual({ answeredElsewhereAt: null, identified: false, segmentOk: [], ticketFollowUp: {} });
  });
});

describe('segment targeting: GET /surveys/visitors/:visitorId', () => {
  it('lists the segment-targeted surveys a visitor may see (survey ids only), and none for a missing saved segment', async () => {
    const targeted = (id: string, segment: string) => ({
      id,
      name: id,
      questions: [{ id: 'q', type: 'csat', text: 'How was it?' }],
      targeting: { include: [{ match: 'exact', value: '/x' }], segment },
    });
    expect((await send('POST', '/surveys', targeted('for-detractors', 'nps-detractors'))).status).toBe(201);
    expect((await send('POST', '/surveys', targeted('for-promoters', 'nps-promoters'))).status).toBe(201);
    expect((await send('POST', '/surveys', targeted('for-deleted-segment', 'seg-that-is-gone'))).status).toBe(201);
    const npsAnswer = (visitorId: string, value: number) => ({
      id: eventId(), site: SITE, type: 'survey_answered', visitorId, sessionId: 'session-0001', seq: 0, ts: Date.now() - 1000,
      props: { surveyId: 'older', responseId: `resp-${eventId()}`, channel: 'web', questionId: 'nps', questionType: 'nps', value, completed: true },
    });
    expect((await postEvents({ events: [npsAnswer('unhappy-visitor', 2), npsAnswer('happy-visitor-1', 10)] })).status).toBe(200);

    const unhappy = await (await read(`/v1/sites/${SITE}/surveys/visitors/unhappy-visitor`)).json<{ segmentOk: string[] }>();
    expect(unhappy.segmentOk).toEqual(['for-detractors']);
    const happy = await (await read(`/v1/sites/${SITE}/surveys/visitors/happy-visitor-1`)).json<{ segmentOk: string[] }>();
    expect(happy.segmentOk).toEqual(['for-promoters']);
  });
});

describe('survey events', () => {
  it('refuses a survey answer with a bad payload, naming the field', async () => {
    const res = await postEvents({
      events: [
        {
          id: eventId(),
          site: SITE,
          type: 'survey_answered',
          visitorId: 'visitor-0001',
          sessionId: 'session-0001',
          seq: 0,
          ts: Date.now(),
          props: { surveyId: 'x', responseId: 'resp-00001', questionId: 'q', questionType: 'nps', value: { score: 10 } },
        },
      ],
    });
    expect(await refusedFields(res)).toEqual(['events[0].props.value']);
  });
});
