import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../src/exports/csvCell';
import { flattenProps, pathFromFullkey } from '../src/exports/flattenProps';
import type { HoptrailEvent } from '../src/schema/event';
import { customEvent, eventId, identify, ORIGIN, pageview, postEvents, read, seedPageviews, seedSite, npsAnswer } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'export-site';
let keys: { read: string; write: string };
const T0 = Date.now() - 3_600_000;

const nasty = {
  formula: '=HYPERLINK("http://evil.example","click")',
  plus: '+1+1',
  minus: '-2+3',
  at: '@SUM(A1)',
  tab: '\tindent',
  cr: '\rreturn',
  quote: 'say "hi", then go',
  lines: 'line one\nline two\r\nline three',
  unicode: 'Zoë — 東京 🚀',
  nested: { deep: { value: 'x,y' } },
  list: [1, 'two'],
  number: -42,
};

beforeAll(async () => {
  keys = await seedSite(SITE);
  const res = await postEvents({
    events: [
      pageview(SITE, 'visitor-one', { ts: T0, url: 'https://shop.example/?utm_campaign=nov', props: { title: 'Home', utm: { campaign: 'nov' } } } as Partial<HoptrailEvent>),
      customEvent(SITE, 'visitor-one', { ts: T0 + 1000, name: 'weird', props: nasty } as Partial<HoptrailEvent>),
      { id: eventId(), site: SITE, type: 'survey_answered', visitorId: 'visitor-one', sessionId: 'session-0001', seq: 3, ts: T0 + 2000, props: npsAnswer(10) },
      pageview(SITE, 'visitor-two', { ts: T0 + 3000, props: { title: 'Other' } } as Partial<HoptrailEvent>),
      identify(SITE, 'visitor-two', 'cust-two', { plan: 'pro' }, { ts: T0 + 4000 }),
    ],
  });
  expect(res.status).toBe(200);
});

describe('CSV cells', () => {
  it('neutralises cells that start with = + - @ TAB or CR, and quotes per RFC 4180', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-42)).toBe('-42');
    expect(csvCell(null)).toBe('');
  });

  it('flattens nested props to dotted paths and reads SQLite json_tree paths the same way', () => {
    expect(flattenProps({ a: { b: 1, 'c.d': 2 }, e: [1] })).toEqual({ 'a.b': 1, 'a.c.d': 2, e: [1] });
    expect(pathFromFullkey('$.utm.campaign')).toBe('utm.campaign');
    expect(pathFromFullkey('$."first_name"."x\\"y"')).toBe('first_name.x"y');
  });
});

describe('GET /v1/sites/:site/exports/journeys', () => {
  it('streams a CSV that a real parser reads back identically, with the Happy Index on every row', async () => {
    const res = await read(`/v1/sites/${SITE}/exports/journeys?format=csv&bom=1`, keys.read);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(rows.map((r) => r.type)).toEqual(['pageview', 'event', 'survey_answered', 'pageview', 'identify']);
    const weird = rows[1];
    // Neutralised strings come back with the apostrophe; everything else exactly as sent.
    expect(weird['props.formula']).toBe(`'${nasty.formula}`);
    expect(weird['props.plus']).toBe("'+1+1");
    expect(weird['props.minus']).toBe("'-2+3");
    expect(weird['props.at']).toBe("'@SUM(A1)");
    expect(weird['props.tab']).toBe("'\tindent");
    expect(weird['props.cr']).toBe("'\rreturn");
    expect(weird['props.quote']).toBe(nasty.quote);
    expect(weird['props.lines']).toBe(nasty.lines);
    expect(weird['props.unicode']).toBe(nasty.unicode);
    expect(weird['props.nested.deep.value']).toBe('x,y');
    expect(weird['props.list']).toBe('[1,"two"]');
    expect(weird['props.number']).toBe('-42');
    expect(JSON.parse(weird.props)).toEqual(nasty);
    expect(rows[0]['props.utm.campaign']).toBe('nov');
    // NPS 10 (+3.2) and one page view (engagement (100 + 5·50)/6 = 58.3, +0.9) on the baseline 68.4.
    expect(Number(rows[2].happy_index)).toBe(72.5);
    expect(rows[4].customer_id).toBe('cust-two');
    expect(rows[0].time).toBe(new Date(T0).toISOString());
  });

  it('exports NDJSON with props nested as sent', async () => {
    const res = await read(`/v1/sites/${SITE}/exports/journeys?format=ndjson&types=event`, keys.read);
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: 'event', name: 'weird', visitorId: 'visitor-one', props: nasty });
  });

  it('filters by time window, types, campaign and segment', async () => {
    const ids = async (query: string) =>
      (await (await read(`/v1/sites/${SITE}/exports/journeys?format=ndjson&${query}`, keys.read)).text())
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string; visitorId: string });
    expect((await ids(`from=${T0 + 1000}&to=${T0 + 3000}`)).map((e) => e.type)).toEqual(['event', 'survey_answered']);
    expect((await ids('types=pageview,identify')).map((e) => e.type)).toEqual(['pageview', 'pageview', 'identify']);
    expect(new Set((await ids('campaign=nov')).map((e) => e.visitorId))).toEqual(new Set(['visitor-one']));
    expect(new Set((await ids('segment=nps-promoters')).map((e) => e.visitorId))).toEqual(new Set(['visitor-one']));
  });

  it('pages for API clients with x-next-cursor until the end', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const res = await read(`/v1/sites/${SITE}/exports/journeys?format=ndjson&limit=2&cursor=${cursor}`, keys.read);
      seen.push(...(await res.text()).trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l).type));
      cursor = res.headers.get('x-next-cursor') ?? '';
      if (!cursor) break;
    }
    expect(seen).toEqual(['pageview', 'event', 'survey_answered', 'pageview', 'identify']);
  });

  it('answers 400 naming the parameter for a bad format, time, cursor or segment', async () => {
    for (const [query, field] of [
      ['format=xml', 'format'],
      ['from=yesterday', 'from'],
      ['cursor=nope', 'cursor'],
      ['segment=no-such-segment', 'segment'],
    ]) {
      const res = await read(`/v1/sites/${SITE}/exports/journeys?${query}`, keys.read);
      expect(res.status).toBe(400);
      expect((await res.json<{ field: string }>()).field).toBe(field);
    }
    expect((await read(`/v1/sites/${SITE}/exports/journeys`)).status).toBe(401);
  });
});

describe('GET /v1/sites/:site/exports/visitors', () => {
  it('has one row per visitor with score, band, built-in segments and first/last seen', async () => {
    const res = await read(`/v1/sites/${SITE}/exports/visitors?format=csv`, keys.read);
    const rows: Record<string, string>[] = parse(await res.text(), { columns: true });
    expect(rows.map((r) => r.visitor_id)).toEqual(['visitor-two', 'visitor-one']);
    const one = rows[1];
    expect(one.segments.split(' ')).toEqual(expect.arrayContaining(['nps-promoters', 'engaged', 'new']));
    expect(Number(one.happy_index)).toBeGreaterThan(68.4);
    expect(rows[0].customer_id).toBe('cust-two');
  });

  it('keeps visitors seen in the from/to window and those who came from a campaign', async () => {
    const ids = async (query: string) => {
      const res = await read(`/v1/sites/${SITE}/exports/visitors?format=ndjson&${query}`, keys.read);
      expect(res.status).toBe(200);
      return (await res.text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).visitorId);
    };
    // visitor-one was seen from T0 to T0+2 s, visitor-two from T0+3 s.
    expect(await ids(`from=${T0 + 2500}`)).toEqual(['visitor-two']);
    expect(await ids(`to=${T0 + 1}`)).toEqual(['visitor-one']);
    expect(await ids(`from=${T0}&to=${T0 + 10_000}`)).toEqual(['visitor-two', 'visitor-one']);
    expect(await ids('campaign=nov')).toEqual(['visitor-one']);
    expect(await ids('campaign=nov&limit=10')).toEqual(['visitor-one']);
    const bad = await read(`/v1/sites/${SITE}/exports/visitors?types=pageview`, keys.read);
    expect(bad.status).toBe(400);
  });
});

describe('a large export', () => {
  const BIG = 'export-big';
  const N = 100_000;

  // That reading waits for the reader (a paused reader stops it) is exportBackpressure.test.ts's.
  it(`streams ${N.toLocaleString('en')} events in page-sized chunks, never all at once`, async () => {
    const big = await seedSite(BIG);
    await seedPageviews(BIG, N, 1000, T0);

    const res = await fetchWorker(`${ORIGIN}/v1/sites/${BIG}/exports/journeys?format=csv`, { headers: { authorization: `Bearer ${big.read}` } });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let lines = 0;
    let chunks = 0;
    let largest = 0;
    let tail = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      largest = Math.max(largest, value.byteLength);
      const text = tail + decoder.decode(value, { stream: true });
      const parts = text.split('\r\n');
      tail = parts.pop()!;
      lines += parts.length;
    }
    expect(lines).toBe(N + 1);
    expect(chunks).toBeGreaterThanOrEqual(N / 1000);
    // One page (1,000 rows) per chunk: memory per request is bounded by the page, not the export.
    expect(largest).toBeLessThan(400_000);
  }, 120_000);
});
