import { beforeAll, describe, expect, it } from 'vitest';
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
    expect(await res.json()).toEqual({ answeredElsewhereAt: null, identified: false, segmentOk: ['winback'], ticketFollowUp: {} });
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

// Their per-client rate limit is tested with every public route in publicLimits.test.ts.
