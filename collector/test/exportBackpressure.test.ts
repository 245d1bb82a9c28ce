import { beforeAll, describe, expect, it } from 'vitest';
import { exportStats } from '../src/exports/exportStats';
import { ORIGIN, seedPageviews, seedSite } from './helpers';
import { fetchWorker } from './worker';

// A streamed export reads the next page only when its reader asks: a client that stops reading (a slow
// download) stops the export's D1 reads, so the Worker holds one page whatever the export's size.
const SITE = 'exbp-site';
const EVENTS = 20_000; // 20 journey pages of 1,000
const VISITORS = 2_000; // 10 visitor pages of 200
const T0 = Date.now() - 3_600_000;
let readKey: string;

beforeAll(async () => {
  readKey = (await seedSite(SITE)).read;
  await seedPageviews(SITE, EVENTS, VISITORS, T0);
});

const get = (path: string) => fetchWorker(`${ORIGIN}/v1/sites/${SITE}${path}`, { headers: { authorization: `Bearer ${readKey}` } });
const countLines = (text: string) => text.split('\n').length - 1;

describe.each([
  { name: 'journeys NDJSON', stream: '/exports/journeys?format=ndjson', paged: '/exports/journeys?format=ndjson&limit=1000', rows: EVENTS, header: 0 },
  { name: 'visitors CSV', stream: '/exports/visitors?format=csv', paged: '/exports/visitors?format=csv&limit=200', rows: VISITORS, header: 1 },
])('a streamed export ($name) with a reader that pauses', ({ stream, paged, rows, header }) => {
  it('reads no page while its reader is paused, however much else reads the same D1, and then delivers every row once', async () => {
    const res = await get(stream);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // Read until the first page of rows is in (the CSV header comes alone before it), then pause.
    while (countLines(text) <= header) {
      const { done, value } = await reader.read();
      expect(done).toBe(false);
      text += decoder.decode(value, { stream: true });
    }
    const pausedAt = exportStats.pagesRead;

    // Meanwhile another client pages through the same export, 10 pages over the same D1 and isolate:
    // time in which an export enqueueing ahead of its reader would have read on too.
    const OTHER = 10;
    let cursor = '';
    for (let i = 0; i < OTHER; i++) {
      const page = await get(`${paged}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      await page.arrayBuffer();
      cursor = page.headers.get('x-next-cursor')!;
      expect(cursor).toBeTruthy();
    }
    // The other client's 10 pages and nothing from the paused export.
    expect(exportStats.pagesRead - pausedAt).toBe(OTHER);

    // Resumed, the export carries on where it paused: every row exactly once.
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const lines = text.split(/\r?\n/).filter(Boolean);
    expect(lines).toHaveLength(header + rows);
    expect(new Set(lines).size).toBe(lines.length);
  }, 60_000);
});
