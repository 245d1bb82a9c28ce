import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HoptrailEvent } from '../src/schema/event';
import { NAME } from '../src/schema/vocabulary';
import { eventId, identify, ORIGIN, pageview, postEvents, read, seedSite, npsAnswer } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'score-site';
let keys: { read: string; write: string };

const at = (over: Partial<HoptrailEvent> & { type: string; props?: unknown }) =>
  ({ id: eventId(), site: SITE, visitorId: 'visitor-happy', sessionId: 'session-0001', seq: 1, ts: Date.now() - 1000, ...over }) as HoptrailEvent;

interface ScoreBody {
  score: number;
  baseline: number;
  confidence: number;
  band: string;
  contributions: { signal: string; contribution: number; n: number }[];
  trend: { days: number; change: number; from: number } | null;
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  const res = await postEvents({
    events: [
      at({ type: 'survey_answered', props: npsAnswer(10) }),
      at({ type: 'survey_answered', visitorId: 'visitor-sad', props: npsAnswer(0) }),
      at({ type: 'chat_ended', visitorId: 'visitor-sad', props: { resolved: false, rating: 1 } }),
      at({ type: 'event', name: NAME.rageClick, visitorId: 'visitor-sad', props: {} }),
      identify(SITE, 'visitor-sad', 'cust-1'),
      pageview(SITE, 'phone-of-cust-1'),
      identify(SITE, 'phone-of-cust-1', 'cust-1'),
    ],
  });
  expect(res.status).toBe(200);
});

describe('GET /v1/sites/:site/visitors/:id/score', () => {
  it('shows the score with its working: baseline + contributions = score, and the 30-day trend', async () => {
    const res = await read(`/v1/sites/${SITE}/visitors/visitor-happy/score`, keys.read);
    expect(res.status).toBe(200);
    const body = await res.json<ScoreBody>();
    expect(body.score).toBe(71.6);
    expect(body.baseline).toBe(68.4);
    expect(body.band).toBe('neutral');
    const sum = Math.round(body.baseline * 10) + body.contributions.reduce((a, c) => a + Math.round(c.contribution * 10), 0);
    expect(sum).toBe(Math.round(body.score * 10));
    // 30 days ago nothing was known: the trend is the whole lift.
    expect(body.trend).toEqual({ days: 30, from: 68.4, change: 3.2 });
  });

  it('puts a visitor with a detractor answer, a failed chat and a rage click at risk', async () => {
    const body = await (await read(`/v1/sites/${SITE}/visitors/visitor-sad/score`, keys.read)).json<ScoreBody>();
    expect(body.band).toBe('at risk');
    expect(body.contributions.find((c) => c.signal === 'chat')!.contribution).toBeLessThan(0);
  });

  it('answers 404 for an unknown visitor and 401 without a read key', async () => {
    expect((await read(`/v1/sites/${SITE}/visitors/nobody-here/score`, keys.read)).status).toBe(404);
    expect((await read(`/v1/sites/${SITE}/visitors/visitor-happy/score`)).status).toBe(401);
  });
});

describe('GET /v1/sites/:site/customers/:id/score', () => {
  it("merges every device's state: the phone's pageview and the laptop's complaints", async () => {
    const body = await (await read(`/v1/sites/${SITE}/customers/cust-1/score`, keys.read)).json<ScoreBody>();
    const byName = Object.fromEntries(body.contributions.map((c) => [c.signal, c]));
    expect(byName.engagement.n).toBeGreaterThan(0.99);
    expect(byName.survey.n).toBeGreaterThan(0.99);
    expect(body.band).toBe('at risk');
  });
});

describe('score configuration', () => {
  const put = (body: unknown, key = keys.write) =>
    fetchWorker(`${ORIGIN}/v1/sites/${SITE}/scores/config`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('applies new weights and priors at once, and says when half-lives need a recompute', async () => {
    const res = await put({ signals: { survey: { weight: 0 }, engagement: { prior: { mean: 40 } } } });
    expect(res.status).toBe(200);
    expect((await res.json<{ recomputeRequired: boolean }>()).recomputeRequired).toBe(false);
    const body = await (await read(`/v1/sites/${SITE}/visitors/visitor-happy/score`, keys.read)).json<ScoreBody>();
    expect(body.contributions.find((c) => c.signal === 'survey')!.contribution).toBe(0);

    const slower = await put({ signals: { survey: { halfLifeDays: 60 } } });
    expect((await slower.json<{ recomputeRequired: boolean }>()).recomputeRequired).toBe(true);
    const recompute = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/scores/recompute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.write}` },
    });
    expect(recompute.status).toBe(200);
    const state = await env.DB.prepare(`SELECT DISTINCT half_life_ms AS h FROM score_state WHERE site = ? AND signal = 'survey'`)
      .bind(SITE)
      .all<{ h: number }>();
    expect(state.results).toEqual([{ h: 60 * 86_400_000 }]);
    expect((await put({})).status).toBe(200);
  });

  it('refuses bad configuration naming the field, and read keys', async () => {
    const bad = await put({ signals: { survey: { weight: -1 } } });
    expect(bad.status).toBe(400);
    expect((await bad.json<{ field: string }>()).field).toBe('signals.survey.weight');
    expect((await put({ signals: { nosuch: {} } })).status).toBe(400);
    expect((await put({}, keys.read)).status).toBe(401);
  });
});
