import { beforeAll, describe, expect, it } from 'vitest';
import { SIGNALS } from '../src/score/signals';
import { countRows, ORIGIN, pageview, postEvents, read, seedSite } from './helpers';
import { get, prepare, READER_UA, tokenOf, trackedUrls, type Prepared } from './newsletterHelpers';
import { fetchWorker } from './worker';

const SITE = 'received';
const SENT_AT = Date.now() - 2 * 3600_000;
const BROWSER = 'browser-of-ada-0001';
let keys: { read: string; write: string };
let mail: Prepared;
const ua = { headers: { 'user-agent': READER_UA } };

interface Row {
  ts: number;
  type: string;
  visitorId: string;
  customerId: string | null;
  name: string | null;
  props: Record<string, unknown> | null;
}

async function journeyExport(query = '') {
  const res = await read(`/v1/sites/${SITE}/exports/journeys?format=ndjson${query}`, keys.read);
  expect(res.status).toBe(200);
  return (await res.text()).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Row);
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/hosts`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hosts: ['shop.example'] }),
  });
  ({ body: mail } = await prepare(SITE, keys.write, {
    campaign: 'launch',
    html: '<body><a href="https://shop.example/new">New</a></body>',
    recipients: ['ada', 'grace'],
    sentAt: SENT_AT,
  }));
  // Ada opens, clicks, lands in her browser and looks around; Grace never opens.
  const { opens, clicks } = trackedUrls(mail, tokenOf(mail, 'ada'));
  await get(opens[0], ua);
  const click = await get(clicks[0], ua);
  const identity = new URL(click.headers.get('location')!).searchParams.get('ht_nl')!;
  const landed = await fetchWorker(`${ORIGIN}/v1/landing`, { method: 'POST', body: JSON.stringify([SITE, BROWSER, identity]) });
  expect(await landed.json()).toEqual({ identified: true });
  expect((await postEvents({ events: [pageview(SITE, BROWSER, { ts: Date.now(), url: 'https://shop.example/new' })] })).status).toBe(200);
});

describe('a newsletter received is a journey step', () => {
  it('the customer card reads received → opened → clicked → visited, received at the send time', async () => {
    const res = await read(`/v1/sites/${SITE}/customers/ada/journey`, keys.read);
    const { events } = await res.json<{ events: (Row & { source: string })[] }>();
    expect(events.map((e) => e.type)).toEqual(['newsletter_received', 'newsletter_open', 'newsletter_click', 'identify', 'pageview']);
    expect(events[0]).toMatchObject({ ts: SENT_AT, name: 'launch', visitorId: 'customer:ada', props: { campaign: 'launch', recipient: 'ada' } });
    const grace = await (await read(`/v1/sites/${SITE}/customers/grace/journey`, keys.read)).json<{ customer: { visitorIds: string[] }; events: Row[] }>();
    expect(grace.events.map((e) => e.type)).toEqual(['newsletter_received']);
    expect(grace.customer.visitorIds).toEqual(['customer:grace']);
  });

  it('the journey export shows the same steps in order, each row naming its customer', async () => {
    const rows = await journeyExport();
    const ada = rows.filter((r) => r.customerId === 'ada');
    expect(ada.map((r) => r.type)).toEqual(['newsletter_received', 'newsletter_open', 'newsletter_click', 'identify', 'pageview']);
    expect(rows.filter((r) => r.customerId === 'grace').map((r) => r.type)).toEqual(['newsletter_received']);
    // Exported by campaign: the people who came from it, with their received step; not everyone it was sent to.
    const launch = await journeyExport('&campaign=launch');
    expect(launch.filter((r) => r.visitorId === 'customer:ada').map((r) => r.type)).toEqual(['newsletter_received', 'newsletter_open', 'newsletter_click']);
    expect(launch.some((r) => r.customerId === 'grace')).toBe(false);
  });

  it('is not activity: no Happy Index signal observes it, and it makes no one a visitor', async () => {
    const received = { type: 'newsletter_received', name: 'launch', ts: SENT_AT, props: { campaign: 'launch', recipient: 'grace' } };
    expect(SIGNALS.map((s) => s.observe(received))).toEqual(SIGNALS.map(() => null));
    expect(await countRows('score_state', 'site = ? AND visitor_id = ?', SITE, 'customer:grace')).toBe(0);
    expect(await countRows('visitors', 'site = ? AND visitor_id = ?', SITE, 'customer:grace')).toBe(0);
    const score = await (await read(`/v1/sites/${SITE}/customers/grace/score`, keys.read)).json<{ confidence: number; contributions: { n: number }[] }>();
    const list = await (await read(`/v1/sites/${SITE}/visitors`, keys.read)).json<{ visitors: { visitorId: string }[] }>();
    expect(list.visitors.map((v) => v.visitorId)).not.toContain('customer:grace');
    expect(score.contributions.map((c) => c.n)).toEqual(SIGNALS.map(() => 0));
    expect(score.confidence).toBe(0);
  });

  it('preparing recipients again stores each received step once; pages cannot send one', async () => {
    await prepare(SITE, keys.write, { campaign: 'launch', recipients: ['ada', 'grace', 'linus'] });
    expect(await countRows('events', "site = ? AND type = 'newsletter_received'", SITE)).toBe(3);
    const forged = { id: 'forged-received-01', site: SITE, type: 'newsletter_received', visitorId: 'customer:hedy', sessionId: 'session-0001', seq: 0, ts: Date.now(), name: 'launch', props: { campaign: 'launch', recipient: 'hedy' } };
    await postEvents({ events: [forged] });
    expect(await countRows('events', 'site = ? AND id = ?', SITE, 'forged-received-01')).toBe(0);
  });
});
