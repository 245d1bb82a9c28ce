import { beforeAll, describe, expect, it } from 'vitest';
import { createSurvey, eventId, identify, postEvents, read, seedSite } from './helpers';

const SITE = 'survey-results-site';
let keys: { read: string; write: string };

const survey = {
  id: 'mixed',
  name: 'Mixed',
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    { id: 'csat', type: 'csat', text: 'Satisfied?' },
    { id: 'ces', type: 'ces', text: 'Easy?' },
    { id: 'pick', type: 'multiple', text: 'What did you use?', choices: ['Search', 'Cart', 'Chat'] },
    { id: 'why', type: 'text', text: 'Anything else?', required: false },
  ],
};




let seq = 0;
function ev(type: string, visitorId: string, ts: number, props: Record<string, unknown>) {
  return { id: eventId(), site: SITE, type, visitorId, sessionId: 'session-0001', seq: seq++, ts, props: { surveyId: 'mixed', channel: 'web', ...props } };
}
const answer = (visitorId: string, ts: number, responseId: string, questionId: string, questionType: string, value: unknown, extra = {}) =>
  ev('survey_answered', visitorId, ts, { responseId, questionId, questionType, value, ...extra });

beforeAll(async () => {
  keys = await seedSite(SITE);
  await createSurvey(SITE, keys.write, survey);
  // Events are clamped to the last 7 days: post them with "now" times but read with explicit days below.
});

describe('GET /surveys/:id/results', () => {
  it('counts showings, partial and complete responses, NPS, CSAT %, mean CES, distributions and texts by customer', async () => {
    const now = Date.now();
    const t = (dayOffsetMs: number) => now - 3 * 86_400_000 + dayOffsetMs;
    const campaign = { campaign: 'spring' };
    await postEvents({ events: [identify(SITE, 'visitor-ann', 'ann', undefined, { ts: t(0) })] });
    await postEvents({
      events: [
        // Ann: complete, promoter, via the spring newsletter.
        ev('survey_shown', 'visitor-ann', t(1), { responseId: 'resp-ann-1', trigger: 'newsletter', ...campaign }),
        answer('visitor-ann', t(2), 'resp-ann-1', 'nps', 'nps', 10, campaign),
        answer('visitor-ann', t(3), 'resp-ann-1', 'csat', 'csat', 5, campaign),
        answer('visitor-ann', t(4), 'resp-ann-1', 'ces', 'ces', 2, campaign),
        answer('visitor-ann', t(5), 'resp-ann-1', 'pick', 'multiple', ['Search', 'Chat'], campaign),
        answer('visitor-ann', t(6), 'resp-ann-1', 'why', 'text', 'Great <b>shop</b>', { ...campaign, completed: true }),
        // Bob (anonymous): detractor, answered two questions then left (partial), next day.
        ev('survey_shown', 'visitor-bob', t(86_400_000), { responseId: 'resp-bob-1' }),
        answer('visitor-bob', t(86_400_001), 'resp-bob-1', 'nps', 'nps', 3),
        answer('visitor-bob', t(86_400_002), 'resp-bob-1', 'csat', 'csat', 2),
        // Cy: passive, changed their NPS answer (the last one counts), then dismissed.
        ev('survey_shown', 'visitor-cy', t(86_400_010), { responseId: 'resp-cy-1' }),
        answer('visitor-cy', t(86_400_011), 'resp-cy-1', 'nps', 'nps', 6),
        answer('visitor-cy', t(86_400_012), 'resp-cy-1', 'nps', 'nps', 8),
        ev('survey_dismissed', 'visitor-cy', t(86_400_013), { responseId: 'resp-cy-1', questionId: 'csat', answered: 1 }),
        // Dee: shown and dismissed straight away.
        ev('survey_shown', 'visitor-dee', t(86_400_020), { responseId: 'resp-dee-1' }),
        ev('survey_dismissed', 'visitor-dee', t(86_400_021), { responseId: 'resp-dee-1', answered: 0 }),
      ],
    });

    const res = await read(`/v1/sites/${SITE}/surveys/mixed/results`, keys.read);
    expect(res.status).toBe(200);
    const r = await res.json<any>();
    expect(r).toMatchObject({ shown: 4, responses: 3, completed: 1, dismissed: 2, completionRate: 0.333, responseRate: 0.75, truncated: false });
    const q = Object.fromEntries(r.questions.map((x: any) => [x.id, x]));
    // NPS: promoters 1 (10), passives 1 (8), detractors 1 (3) → 0.
    expect(q.nps).toMatchObject({ answers: 3, nps: { score: 0, promoters: 1, passives: 1, detractors: 1 }, distribution: { '10': 1, '8': 1, '3': 1 } });
    expect(q.csat).toMatchObject({ answers: 2, csatPercent: 50, mean: 3.5 });
    expect(q.ces).toMatchObject({ answers: 1, mean: 2 });
    expect(q.pick.distribution).toEqual({ Search: 1, Chat: 1 });
    expect(q.why.texts).toEqual([
      { text: 'Great <b>shop</b>', customerId: 'ann', visitorId: 'visitor-ann', ts: t(6), responseId: 'resp-ann-1' },
    ]);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(r.byDay).toEqual([
      { day: day(t(1)), shown: 1, responses: 1, completed: 1, dismissed: 0, nps: 100, csatPercent: 100, cesMean: 2 },
      // Bob 3 (detractor) and Cy's last answer 8 (passive): −50.
      { day: day(t(86_400_000)), shown: 3, responses: 2, completed: 0, dismissed: 2, nps: -50, csatPercent: 0, cesMean: null },
    ]);

    // By campaign: only Ann's response.
    const spring = await (await read(`/v1/sites/${SITE}/surveys/mixed/results?campaign=spring`, keys.read)).json<any>();
    expect(spring).toMatchObject({ campaign: 'spring', shown: 1, responses: 1, completed: 1, completionRate: 1 });

    // By segment: NPS promoters (latest NPS 9–10) are Ann only; detractors Bob only.
    const promoters = await (await read(`/v1/sites/${SITE}/surveys/mixed/results?segment=nps-promoters`, keys.read)).json<any>();
    expect(promoters).toMatchObject({ segment: 'nps-promoters', shown: 1, responses: 1, completed: 1 });
    const detractors = await (await read(`/v1/sites/${SITE}/surveys/mixed/results?segment=nps-detractors`, keys.read)).json<any>();
    expect(detractors).toMatchObject({ shown: 1, responses: 1, completed: 0 });
    const unknown = await read(`/v1/sites/${SITE}/surveys/mixed/results?segment=no-such-segment`, keys.read);
    expect(unknown.status).toBe(400);
    expect((await unknown.json<{ field: string }>()).field).toBe('segment');

    // A date window that excludes the second day.
    const firstDay = await (await read(`/v1/sites/${SITE}/surveys/mixed/results?from=${day(t(1))}&to=${day(t(1))}`, keys.read)).json<any>();
    expect(firstDay.shown).toBe(1);
  });

  it('needs the read key, answers 404 for an unknown survey and 400 naming a bad query field', async () => {
    expect((await read(`/v1/sites/${SITE}/surveys/mixed/results`)).status).toBe(401);
    expect((await read(`/v1/sites/${SITE}/surveys/nope/results`, keys.read)).status).toBe(404);
    const bad = await read(`/v1/sites/${SITE}/surveys/mixed/results?from=yesterday`, keys.read);
    expect(bad.status).toBe(400);
    expect((await bad.json<{ field: string }>()).field).toBe('query.from');
    const segment = await read(`/v1/sites/${SITE}/surveys/mixed/results?segment=vip`, keys.read);
    expect(segment.status).toBe(400);
    expect((await segment.json<{ field: string }>()).field).toBe('segment'); // not a built-in nor a saved segment
  });
});
