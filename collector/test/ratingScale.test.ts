import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import backfill from '../migrations/0015_rating_scale.sql?raw';
import type { HoptrailEvent } from '../src/schema/event';
import { TYPE } from '../src/schema/vocabulary';
import { storeEvents } from '../src/store/events';
import { countRows, createSurvey, eventId, ORIGIN, postEvents, read, rowsDaysAgo, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'rating-site';
let keys: { read: string; write: string };

const rating = (visitorId: string, value: number, scale?: number, over: Record<string, unknown> = {}) =>
  ({
    id: eventId(),
    site: SITE,
    type: TYPE.surveyAnswered,
    visitorId,
    sessionId: 'session-0001',
    seq: 1,
    ts: Date.now() - 1000,
    props: { surveyId: 'ratings', responseId: `response-${visitorId}`, questionId: 'stars', questionType: 'rating', value, ...(scale && { scale }), completed: true, ...over },
  }) as HoptrailEvent;

/** What the survey signal observed for a visitor (the score's working, per signal). */
async function surveyObserved(visitorId: string): Promise<number | null> {
  const res = await read(`/v1/sites/${SITE}/visitors/${visitorId}/score`, keys.read);
  expect(res.status).toBe(200);
  const body = await res.json<{ contributions: { signal: string; observed: number | null; n: number }[] }>();
  return body.contributions.find((c) => c.signal === 'survey')!.observed;
}

/** The refused field: a whole-batch 400 names it today; a per-event `refused` list once ingest answers per event. */
async function refusedField(res: Response): Promise<string> {
  const body = await res.json<{ field?: string; refused?: { index: number; field: string }[] }>();
  if (body.field) return body.field;
  const [first] = body.refused!;
  return first.field.startsWith('events[') ? first.field : `events[${first.index}].${first.field}`;
}

beforeAll(async () => {
  keys = await seedSite(SITE);
});

describe('rating answers carry their scale', () => {
  it('scores a 10-point and a 3-point rating by their own scale', async () => {
    const res = await postEvents({
      events: [rating('ten-point-top', 10, 10), rating('ten-point-low', 3, 10), rating('three-point-top', 3, 3), rating('three-point-mid', 2, 3)],
    });
    expect(res.status).toBe(200);
    // The same answer 3 is the best on a 3-point scale and near the bottom on a 10-point one.
    expect(await surveyObserved('ten-point-top')).toBe(100);
    expect(await surveyObserved('ten-point-low')).toBe(22.2);
    expect(await surveyObserved('three-point-top')).toBe(100);
    expect(await surveyObserved('three-point-mid')).toBe(50);
  });

  it.each([
    ['a rating without its scale', rating('no-scale', 4), 'events[0].props.scale'],
    ['a rating above its scale', rating('over-scale', 7, 3), 'events[0].props.value'],
    ['a scale outside 3–10', rating('scale-eleven', 7, 11), 'events[0].props.scale'],
    ['a scale on an NPS answer', rating('nps-scale', 7, 10, { questionType: 'nps' }), 'events[0].props.scale'],
  ])('refuses %s and names the field', async (_, event, field) => {
    const res = await postEvents({ events: [event] });
    expect([200, 400]).toContain(res.status);
    expect(await refusedField(res)).toBe(field);
    expect(await countRows('events', 'site = ? AND id = ?', SITE, event.id)).toBe(0);
  });
});

describe('migration 0015: the scale of answers stored before it travelled', () => {
  it('backfills rating answers from their survey definition and leaves everything else alone', async () => {
    await createSurvey(SITE, keys.write, {
      id: 'old-ratings',
      name: 'Old ratings',
      questions: [
        { id: 'ten', type: 'rating', scale: 10, style: 'numbers', text: 'Out of ten?' },
        { id: 'three', type: 'rating', scale: 3, style: 'emoji', text: 'Mood?' },
        { id: 'nps', type: 'nps', text: 'Recommend us?' },
      ],
    });
    const row = rowsDaysAgo(Date.now());
    const answer = (questionId: string, questionType: string, value: number, surveyId = 'old-ratings') =>
      row('old-answers', TYPE.surveyAnswered, 1, { surveyId, responseId: 'response-old-1', questionId, questionType, value, completed: false });
    const rows = [answer('ten', 'rating', 8), answer('three', 'rating', 2), answer('nps', 'nps', 9), answer('gone', 'rating', 4, 'deleted-survey')];
    // Stored as the collector stored them before the scale was part of the wire format.
    await storeEvents(env.DB, SITE, 'browser', rows, Date.now());

    await env.DB.prepare(backfill.replace(/^--.*$/gm, '')).run();

    const props = async (id: string) =>
      JSON.parse((await env.DB.prepare('SELECT props FROM events WHERE site = ? AND id = ?').bind(SITE, id).first<{ props: string }>())!.props);
    expect(await props(rows[0].id)).toMatchObject({ questionId: 'ten', value: 8, scale: 10 });
    expect(await props(rows[1].id)).toMatchObject({ questionId: 'three', value: 2, scale: 3 });
    expect(await props(rows[2].id)).not.toHaveProperty('scale');
    expect(await props(rows[3].id)).not.toHaveProperty('scale');

    // After the documented recompute, the score reads them on their own scales: 8/10 → 77.8, 2/3 → 50.
    const recompute = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/scores/recompute`, { method: 'POST', headers: { authorization: `Bearer ${keys.write}` } });
    expect(recompute.status).toBe(200);
    expect(await surveyObserved('old-answers')).toBe(round1((77.78 + 50 + 90) / 3));
  });
});

const round1 = (x: number) => Math.round(x * 10) / 10;
