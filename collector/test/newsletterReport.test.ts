import { beforeAll, describe, expect, it } from 'vitest';
import { identify, ORIGIN, pageview, postEvents, putHosts, read, refusedFields, seedSite } from './helpers';
import { get, prepare, READER_UA, tokenOf, trackedUrls, type Prepared } from './newsletterHelpers';
import { fetchWorker } from './worker';

const SITE = 'report';
const RECIPIENTS = ['ada', 'grace', 'linus', 'margaret', 'sec', 'hedy'];
const BROWSER = 'browser-visitor-ada-0001';
let keys: { read: string; write: string };
let mail: Prepared;
const urlsOf = (r: string) => trackedUrls(mail, tokenOf(mail, r));
const as = (userAgent: string) => ({ headers: { 'user-agent': userAgent } });

function land(token: string, visitorId = BROWSER, site = SITE) {
  return fetchWorker(`${ORIGIN}/v1/landing`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify([site, visitorId, token]),
  });
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  // The site declares its own host, so clicks to it carry the landing identity.
  await putHosts(SITE, keys.write, ['shop.example']);
  const html = ['https://shop.example/one', 'https://shop.example/two', 'https://shop.example/three']
    .map((u) => `<a href="${u}">${u}</a>`)
    .join('');
  ({ body: mail } = await prepare(SITE, keys.write, { campaign: 'spring', html: `<body>${html}</body>`, recipients: RECIPIENTS, sentAt: Date.now() - 3600_000 }));

  // Ada reads twice, clicks link 1 and lands on the site in her browser.
  await get(urlsOf('ada').opens[0], as(READER_UA));
  await get(urlsOf('ada').opens[0], as(READER_UA));
  const click = await get(urlsOf('ada').clicks[0], as(READER_UA));
  const identity = new URL(click.headers.get('location')!).searchParams.get('ht_nl')!;
  expect((await land(identity)).status).toBe(200);
  await postEvents({ events: [pageview(SITE, BROWSER, { ts: Date.now(), url: 'https://shop.example/one' })] });
  // Grace's open came through Apple's relay, but she clicked link 2: her open is upgraded to human.
  await get(urlsOf('grace').opens[0], as('Mozilla/5.0'));
  await get(urlsOf('grace').clicks[1], as(READER_UA));
  // Linus's open is Gmail's image proxy; Margaret's a datacenter fetch: machine opens.
  await get(urlsOf('linus').opens[0], as('Mozilla/5.0 (via ggpht.com GoogleImageProxy)'));
  await get(urlsOf('margaret').opens[0], as('Go-http-client/1.1'));
  // Hedy's open came through Apple's relay; she never clicks, but later logs in on the site and browses.
  await get(urlsOf('hedy').opens[0], as('Mozilla/5.0'));
  await postEvents({ events: [identify(SITE, 'browser-visitor-hedy-01', 'hedy', undefined, { ts: Date.now() }), pageview(SITE, 'browser-visitor-hedy-01', { ts: Date.now() })] });
  // A security gateway opens Sec's mail and follows every link at once.
  await get(urlsOf('sec').opens[0], as('python-requests/2.32'));
  for (const url of urlsOf('sec').clicks) await get(url, as(READER_UA));
});

describe('campaign report', () => {
  it('counts sent-to, unique human opens, machine opens, clicks per link and click-to-visit, with who is behind each', async () => {
    const res = await read(`/v1/sites/${SITE}/newsletters/spring`, keys.read);
    expect(res.status).toBe(200);
    const report = await res.json<any>();
    expect(report).toMatchObject({ campaign: 'spring', verified: true, sentTo: 6 });
    expect(report.opens).toMatchObject({
      uniqueHuman: 3,
      upgradedByClickOrVisit: 2,
      machine: 3,
      humanOpenRate: 0.5,
      total: 7,
      repeatHumanOpens: 1,
      byClass: { human: 2, apple_mpp: 2, image_proxy: 1, scanner: 2 },
      humanCustomers: ['ada', 'grace', 'hedy'],
      machineCustomers: ['linus', 'margaret', 'sec'],
    });
    expect(report.clicks).toMatchObject({ total: 2, machine: 3, uniqueClickers: 2 });
    expect(report.clicks.links).toEqual([
      { linkId: 1, url: 'https://shop.example/one', clicks: 1, uniqueClickers: 1, machineClicks: 1, customers: ['ada'], visitors: [BROWSER] },
      { linkId: 2, url: 'https://shop.example/two', clicks: 1, uniqueClickers: 1, machineClicks: 1, customers: ['grace'], visitors: [] },
      { linkId: 3, url: 'https://shop.example/three', clicks: 0, uniqueClickers: 0, machineClicks: 1, customers: [], visitors: [] },
    ]);
    expect(report.visits).toEqual({ clickers: 2, visited: 1, clickToVisitRate: 0.5, customers: ['ada'], visitors: [BROWSER] });
  });

  it("puts the received step, the opens, the click and the site visit in one customer journey, in order", async () => {
    const res = await read(`/v1/sites/${SITE}/customers/ada/journey`, keys.read);
    const { events } = await res.json<{ events: { type: string; visitorId: string }[] }>();
    expect(events.map((e) => e.type)).toEqual(['newsletter_received', 'newsletter_open', 'newsletter_open', 'newsletter_click', 'identify', 'pageview']);
    expect(new Set(events.map((e) => e.visitorId))).toEqual(new Set(['customer:ada', BROWSER]));
  });

  it('refuses newsletter events posted through the browser ingest: only the pixel and click routes record them', async () => {
    const forged = {
      id: 'forged-open-0001', site: SITE, type: 'newsletter_open', visitorId: 'customer:linus', sessionId: 'session-0001', seq: 0, ts: Date.now(),
      name: 'spring', props: { campaign: 'spring', recipient: 'linus', verified: true, class: 'human', confidence: 1, reasons: [] },
    };
    const res = await postEvents({ events: [forged] });
    expect(await refusedFields(res)).toEqual(['events[0].type']);
    const report = await (await read(`/v1/sites/${SITE}/newsletters/spring`, keys.read)).json<any>();
    expect(report.opens.uniqueHuman).toBe(3);
  });

  it('identifies only the first browser that lands with a token: a leaked copy links nobody', async () => {
    const click = await get(urlsOf('linus').clicks[0], as(READER_UA));
    const token = new URL(click.headers.get('location')!).searchParams.get('ht_nl')!;
    expect(await (await land(token, 'browser-linus-0001')).json()).toEqual({ identified: true });
    expect(await (await land(token, 'browser-eve-00001')).json()).toEqual({ identified: false });
    const customer = await (await read(`/v1/sites/${SITE}/customers/linus`, keys.read)).json<{ customer: { visitorIds: string[] } }>();
    expect(customer.customer.visitorIds.sort()).toEqual(['browser-linus-0001', 'customer:linus']);
  });

  it('refuses landing tokens that are forged, altered or for another site, and needs a read key for the report', async () => {
    const click = await get(urlsOf('grace').clicks[1], as(READER_UA));
    const token = new URL(click.headers.get('location')!).searchParams.get('ht_nl')!;
    const altered = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    for (const [bad, status] of [[altered, 400], ['not-a-token', 400]] as const) {
      const res = await land(bad, 'browser-visitor-x-0001');
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ field: 'token' });
    }
    await seedSite('elsewhere');
    expect(await (await land(token, 'browser-visitor-x-0001', 'elsewhere')).json()).toMatchObject({ field: 'token', error: 'token: signed for another site' });
    expect((await read(`/v1/sites/${SITE}/newsletters/spring`)).status).toBe(401);
    expect((await read(`/v1/sites/${SITE}/newsletters/nope`, keys.read)).status).toBe(404);
  });

  it('marks every figure of an unsigned-recipient campaign as unverified, and never identifies a browser from it', async () => {
    const { body } = await prepare(SITE, keys.write, { campaign: 'loose', html: '<a href="https://shop.example/">x</a>', unsignedRecipient: true, mergeTag: '*|EMAIL|*', sentAt: Date.now() - 3600_000 });
    const [open] = trackedUrls(body, 'ada@example.com').opens;
    const [click] = trackedUrls(body, 'ada@example.com').clicks;
    await get(open, as(READER_UA));
    const res = await get(click, as(READER_UA));
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).searchParams.has('ht_nl')).toBe(false);
    const report = await (await read(`/v1/sites/${SITE}/newsletters/loose`, keys.read)).json<any>();
    expect(report).toMatchObject({ verified: false, warning: expect.stringContaining('unverified'), sentTo: null });
    expect(report.opens.uniqueHuman).toBe(1);
  });
});
