import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../src/ingest/toEventRows';
import { storeEvents } from '../src/store/events';
import { latestNps } from '../src/store/segments';
import { createSite } from '../src/store/sites';

// latestNps sends only each visitor's answers from its latest non-text value on: the NPS segments must
// still see the latest answer that reads as a number. Own site id.
const SITE = 'nps-latest';
const T = Date.now() - 86_400_000;
const answer = (id: string, visitor: string, ts: number, value: unknown): EventRow => ({
  id,
  visitor_id: visitor,
  session_id: 's',
  seq: 0,
  ts,
  client_ts: ts,
  url: null,
  path: null,
  type: 'survey_answered',
  name: null,
  props: { surveyId: 'nps', questionId: 'q', questionType: 'nps', value },
});

describe('latestNps', () => {
  it('keeps each visitor\'s latest answer that reads as a number, past newer text and older numbers', async () => {
    await createSite(env.DB, SITE);
    await storeEvents(env.DB, SITE, 'server', [
      answer('a1', 'nps-a', T, 3),
      answer('a2', 'nps-a', T + 1, 9),
      answer('a3', 'nps-a', T + 2, 'great'), // text that is no number: skipped
      answer('b1', 'nps-b', T, 2),
      answer('b2', 'nps-b', T + 5, '8'), // text that reads as a number: the latest
      answer('c1', 'nps-c', T, 'meh'),
    ], T + 10);
    const nps = await latestNps(env.DB, SITE, ['nps-a', 'nps-b', 'nps-c']);
    expect(Object.fromEntries(nps)).toEqual({ 'nps-a': { value: 9, ts: T + 1 }, 'nps-b': { value: 8, ts: T + 5 } });
  });
});
