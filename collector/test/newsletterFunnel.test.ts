import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { backfillFunnelSql, refreshBefore, refreshFunnelSql } from '../src/store/newsletterFunnel';
import { identify, ORIGIN, pageview, postEvents, putHosts, read, seedSite } from './helpers';
import { get, prepare, READER_UA, tokenOf, trackedUrls, type Prepared } from './newsletterHelpers';
import { fetchWorker } from './worker';

// The overview's newsletter funnel is kept at write time; it must equal the sum of the campaigns' full
// reports (GET /newsletters/:campaign, the real report code) whatever arrives, in any order, retried.
const SITE = 'funnel-site';
const APPLE = 'Mozilla/5.0';
const PROXY = 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)';
const SCANNER = 'python-requests/2.32';
let keys: { read: string; write: string };
let spring: Prepared;
let summer: Prepared;

const urls = (mail: Prepared, recipient: string) => trackedUrls(mail, tokenOf(mail, recipient));
const as = (userAgent: string) => ({ headers: { 'user-agent': userAgent } });
const post = async (events: unknown[]) => expect((await postEvents({ events })).status).toBe(200);
const erase = (path: string) =>
  fetchWorker(`${ORIGIN}/v1/sites/${SITE}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${keys.write}` } });
const land = (identity: string, visitorId: string) =>
  fetchWorker(`${ORIGIN}/v1/landing`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify([SITE, visitorId, identity]) });

async function overviewFunnel() {
  const res = await read(`/v1/sites/${SITE}/overview`, keys.read);
  expect(res.status).toBe(200);
  return (await res.json<any>()).newsletters;
}

/** The funnel as the overview used to compute it: the campaigns' full reports, summed. */
async function sumOfReports() {
  const sum = { campaigns: 0, sent: 0, humanOpens: 0, clicks: 0, visits: 0 };
  for (const campaign of ['spring', 'summer']) {
    const res = await read(`/v1/sites/${SITE}/newsletters/${campaign}`, keys.read);
    expect(res.status).toBe(200);
    const r = await res.json<any>();
    sum.campaigns += 1;
    sum.sent += r.sentTo ?? 0;
    sum.humanOpens += r.opens.uniqueHuman;
    sum.clicks += r.clicks.uniqueClickers;
    sum.visits += r.visits.visited;
  }
  return sum;
}

async function expectFunnelEqualsReports() {
  const expected = await sumOfReports();
  expect(await overviewFunnel()).toEqual(expected);
  return expected;
}

/** The ts of the recipient's latest stored open or click (the tracking routes stamp server time). */
async function lastActivityTs(recipient: string) {
  const row = await env.DB.prepare(
    `SELECT max(ts) AS ts FROM events WHERE site = ? AND visitor_id = ? AND type IN ('newsletter_open', 'newsletter_click')`,
  )
    .bind(SITE, `customer:${recipient}`)
    .first<{ ts: number }>();
  return row!.ts;
}

/** Waits (by condition, not a sleep) until the clock has moved past `ts`, so the next event is later. */
async function clockPast(ts: number) {
  while (Date.now() <= ts) await env.DB.prepare('SELECT 1').first();
}

beforeAll(async () => {
  keys = await seedSite(SITE);
  await putHosts(SITE, keys.write, ['shop.example']);
  const html = ['one', 'two', 'three'].map((p) => `<a href="https://shop.example/${p}">${p}</a>`).join('');
  const sentAt = Date.now() - 3600_000;
  ({ body: spring } = await prepare(SITE, keys.write, {
    campaign: 'spring', html: `<body>${html}</body>`, recipients: ['ada', 'grace', 'sec', 'kay', 'hedy', 'linus', 'joan', 'nobody'], sentAt,
  }));
  ({ body: summer } = await prepare(SITE, keys.write, { campaign: 'summer', html: `<body>${html}</body>`, recipients: ['ada', 'kay', 'max'], sentAt: sentAt + 1 }));
});

describe('overview newsletter funnel', () => {
  it('equals the sum of the full reports through opens, clicks, scanners, visits before and after, retries and late events', async () => {
    // Nothing happened yet: only "sent".
    expect(await expectFunnelEqualsReports()).toEqual({ campaigns: 2, sent: 11, humanOpens: 0, clicks: 0, visits: 0 });

    // Ada reads twice, clicks link 1 twice, lands in her browser (ht_nl) and views a page: a visit.
    await get(urls(spring, 'ada').opens[0], as(READER_UA));
    await get(urls(spring, 'ada').opens[0], as(READER_UA));
    await get(urls(spring, 'ada').clicks[0], as(READER_UA));
    const click = await get(urls(spring, 'ada').clicks[0], as(READER_UA));
    const identity = new URL(click.headers.get('location')!).searchParams.get('ht_nl')!;
    expect((await land(identity, 'funnel-browser-ada')).status).toBe(200);
    await post([pageview(SITE, 'funnel-browser-ada', { ts: Date.now() + 500 })]);
    // Grace: Apple's relay opens, then she clicks as a human (upgraded), no visit.
    await get(urls(spring, 'grace').opens[0], as(APPLE));
    await get(urls(spring, 'grace').clicks[1], as(READER_UA));
    // Sec: a security gateway opens and follows every link at once (scanner open, burst clicks).
    await get(urls(spring, 'sec').opens[0], as(SCANNER));
    for (const url of urls(spring, 'sec').clicks) await get(url, as(READER_UA));
    // Linus: Gmail's image proxy only (a machine open).
    await get(urls(spring, 'linus').opens[0], as(PROXY));
    const first = await expectFunnelEqualsReports();
    expect(first).toMatchObject({ humanOpens: 2, clicks: 2, visits: 1 });

    // Kay clicks without ever opening; her browser viewed a page before the click, then logs in later
    // (the identify links that earlier page view: it must still not count), then views a page after.
    const before = pageview(SITE, 'funnel-browser-kay', { ts: Date.now() - 600_000 });
    await post([before]);
    await get(urls(spring, 'kay').clicks[2], as(READER_UA));
    await post([identify(SITE, 'funnel-browser-kay', 'kay', undefined, { ts: Date.now() })]);
    expect(await expectFunnelEqualsReports()).toMatchObject({ humanOpens: 2, clicks: 3, visits: 1 });
    const after = pageview(SITE, 'funnel-browser-kay', { ts: Date.now() + 500, seq: 1 });
    await post([after]);
    expect(await expectFunnelEqualsReports()).toMatchObject({ humanOpens: 2, clicks: 3, visits: 2 });
    // A retried batch (same event ids) stores nothing and moves nothing.
    await post([before, after]);
    expect(await expectFunnelEqualsReports()).toMatchObject({ humanOpens: 2, clicks: 3, visits: 2 });

    // Hedy: Apple's relay opens; a page view arrives late (stored after her open, from before it): no
    // upgrade; then one from after her open upgrades her to a human reader.
    await get(urls(spring, 'hedy').opens[0], as(APPLE));
    await post([identify(SITE, 'funnel-browser-hedy', 'hedy', undefined, { ts: Date.now() }), pageview(SITE, 'funnel-browser-hedy', { ts: Date.now() - 1_200_000 })]);
    expect(await expectFunnelEqualsReports()).toMatchObject({ humanOpens: 2 });
    await post([pageview(SITE, 'funnel-browser-hedy', { ts: Date.now() + 500, seq: 1 })]);
    expect(await expectFunnelEqualsReports()).toMatchObject({ humanOpens: 3 });

    // Joan: Apple's relay opens, her browser views a page right then (upgraded); a click stored later
    // moves her "visit after" point past that page view: the report no longer counts it as a visit.
    await get(urls(spring, 'joan').opens[0], as(APPLE));
    const opened = await lastActivityTs('joan');
    await post([identify(SITE, 'funnel-browser-joan', 'joan', undefined, { ts: opened }), pageview(SITE, 'funnel-browser-joan', { ts: opened, seq: 1 })]);
    expect(await expectFunnelEqualsReports()).toMatchObject({ humanOpens: 4, clicks: 3, visits: 2 });
    await clockPast(opened);
    await get(urls(spring, 'joan').clicks[0], as(READER_UA));
    expect(await expectFunnelEqualsReports()).toMatchObject({ humanOpens: 4, clicks: 4, visits: 2 });

    // The second campaign: Ada opens it (her browser came after: upgraded is moot, the open is human);
    // Max opens through the proxy only.
    await get(urls(summer, 'ada').opens[0], as(APPLE));
    await get(urls(summer, 'max').opens[0], as(PROXY));
    await post([pageview(SITE, 'funnel-browser-ada', { ts: Date.now() + 500, seq: 2 })]);
    expect(await expectFunnelEqualsReports()).toMatchObject({ campaigns: 2, sent: 11, humanOpens: 5, clicks: 4, visits: 2 });
  });

  it('stops counting an erased person, and a recipient whose browser was erased loses that visit', async () => {
    const before = await expectFunnelEqualsReports();
    // Hedy's only upgrade was her browser's visit; erasing that browser takes it away.
    expect((await erase('/visitors/funnel-browser-hedy')).status).toBe(200);
    const visitorErased = await expectFunnelEqualsReports();
    expect(visitorErased).toMatchObject({ sent: before.sent, humanOpens: before.humanOpens - 1 });
    // Ada was sent, opened, clicked and visited in spring, and opened summer: she leaves every figure.
    expect((await erase('/customers/ada')).status).toBe(200);
    const customerErased = await expectFunnelEqualsReports();
    expect(customerErased).toMatchObject({
      sent: before.sent - 2,
      humanOpens: visitorErased.humanOpens - 2,
      clicks: visitorErased.clicks - 1,
      visits: visitorErased.visits - 1,
    });
  });

  it('recomputes the same counts from scratch with the statement migration 0026 backfills with', async () => {
    const kept = await env.DB.prepare('SELECT * FROM newsletter_funnel WHERE site = ? ORDER BY campaign, recipient').bind(SITE).all();
    expect(kept.results.length).toBeGreaterThan(0);
    // Delete this site's rows (the triggers take them off the sums), rebuild them with the backfill's
    // statement limited to this site: the rows and the overview come back as they were.
    await env.DB.prepare('DELETE FROM newsletter_funnel WHERE site = ?').bind(SITE).run();
    expect(await overviewFunnel()).toMatchObject({ humanOpens: 0, clicks: 0, visits: 0 });
    await env.DB.prepare(
      refreshFunnelSql(`SELECT site, name AS campaign, props->>'recipient' AS recipient FROM events
                        WHERE site = ?1 AND type IN ('newsletter_open', 'newsletter_click') AND source IN ('pixel', 'click')`),
    )
      .bind(SITE)
      .run();
    expect((await env.DB.prepare('SELECT * FROM newsletter_funnel WHERE site = ? ORDER BY campaign, recipient').bind(SITE).all()).results).toEqual(kept.results);
    await expectFunnelEqualsReports();

    const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0026_'))!;
    expect(migration.queries.map(squash)).toContain(squash(backfillFunnelSql()));
  });

  it('after retention deleted the events before a cutoff, recomputes the rows that read them', async () => {
    const before = await expectFunnelEqualsReports();
    // Retention's own delete (store/retention.ts), for this site only: everything before Kay's click
    // goes, her click and the earlier page view of her browser included; her later page view stays.
    const cutoff = (await lastActivityTs('kay')) + 1;
    await env.DB.prepare('DELETE FROM events WHERE site = ?1 AND ts < ?2').bind(SITE, cutoff).run();
    await refreshBefore(env.DB, SITE, cutoff).run();
    const after = await expectFunnelEqualsReports();
    expect(after).not.toEqual(before);
    expect(after.clicks).toBeLessThan(before.clicks);
  });
});
