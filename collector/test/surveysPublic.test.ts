import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import app from '../src/index';
import { resetRateLimits } from '../src/http/rateLimit';
import { createSurvey, npsAnswer, pageview, postEvents, read, seedSite } from './helpers';

// The public survey endpoints say only what a browser needs.
const SITE = 'public-surveys';
let keys: { read: string; write: string };

beforeAll(async () => {
  keys = await seedSite(SITE);
  await createSurvey(SITE, keys.write, {
    id: 'winback',
    name: 'Win back detractors',
    questions: [{ id: 'why', type: 'text', text: 'What went wrong?' }],
    targeting: { include: [{ match: 'contains', value: '/' }], segment: 'nps-detractors' },
  });
  await postEvents({
    events: [
      pageview(SITE, 'unhappy-browser'),
      { ...pageview(SITE, 'unhappy-browser'), type: 'survey_answered', url: undefined, props: npsAnswer(2) },
    ],
  });
});

describe('GET /surveys/active', () => {
  it('publishes that a survey is segment-targeted, never the segment’s name', async () => {
    const res = await read(`/v1/sites/${SITE}/surveys/active`);
    const text = await res.text();
    expect(text).not.toContain('nps-detractors');
    const { surveys } = JSON.parse(text) as { surveys: { id: string; targeting: { segment?: unknown } }[] };
    expect(surveys.find((s) => s.id === 'winback')!.targeting.segment).toBe(true);
  });
});

describe('GET /surveys/visitors/:visitorId', () => {
  it('answers for a browser visitor with the flagged surveys it passes', async () => {
    const res = await read(`/v1/sites/${SITE}/surveys/visitors/unhappy-browser`);
    expect(await res.json()).toEqual({ answeredElsewhereAt: null, identified: false, segmentOk: ['winback'] });
    expect(await (await read(`/v1/sites/${SITE}/surveys/visitors/other-browser`)).json()).toMatchObject({ segmentOk: [] });
  });

  it.each(['customer:cust-1', 'customer%3Acust-1', 'email:' + 'a'.repeat(64), 'anon:0123456789abcdef'])(
    'refuses the non-browser id %s with 400 naming visitorId',
    async (id) => {
      const res = await read(`/v1/sites/${SITE}/surveys/visitors/${id}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ field: 'visitorId' });
    },
  );
});

describe('rate limits on the public survey reads', () => {
  async function get(path: string, ip: string) {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`https://collector.test/v1/sites/${SITE}${path}`, { headers: { 'cf-connecting-ip': ip } }),
      { ...env, RATE_LIMIT_CLIENT_PER_MINUTE: '2', RATE_LIMIT_SITE_PER_MINUTE: '1000' },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  }

  it.each(['/surveys/active', '/surveys/visitors/probe-browser'])('answers 429 with Retry-After to a client probing %s', async (path) => {
    resetRateLimits();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(path, '203.0.113.50')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await get(path, '203.0.113.50');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await get(path, '198.51.100.7')).status).toBe(200);
    resetRateLimits();
  });
});
