import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../src/acquisition/channels';
import { CLICK_ID_SOURCES } from '../src/acquisition/classifySession';
import { CLICK_ID_PARAMS } from '../src/ingest/minimalUrl';
import { drained } from './ingestOutcome';
import { eventId, identify, npsAnswer, ORIGIN, pageview, postEvents, read, seedSite } from './helpers';
import { get, prepare, READER_UA, tokenOf, trackedUrls } from './newsletterHelpers';
import { fetchWorker } from './worker';

/**
 * Channels, devices and countries through real ingest (POST /v1/events with the request's user agent
 * and `cf`), read back through the read-key reports. Every session below is one landing page view whose
 * channel is known, so each report count is known.
 */
const SITE = 'acquisition-site';
let readKey: string;

const UA = {
  chromeLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
};

interface Landing {
  visitor: string;
  /** Query string and/or path after https://shop.example */
  at?: string;
  referrer?: string;
  session?: string;
  ua?: string;
  country?: string;
  channel: (typeof CHANNELS)[number];
}

/** Every channel at least once; direct 4 sessions by 3 visitors, referral 3 sessions by 2 people. */
const LANDINGS: Landing[] = [
  { visitor: 'visitor-direct-1', channel: 'direct' },
  { visitor: 'visitor-direct-1', session: 'second', channel: 'direct' },
  { visitor: 'visitor-direct-2', at: '/pricing?token=secret-reset', channel: 'direct' },
  { visitor: 'visitor-direct-3', at: '/pricing', referrer: 'https://www.shop.example/', channel: 'direct' },
  { visitor: 'visitor-organic-1', referrer: 'https://www.google.co.uk/', channel: 'organic_search' },
  { visitor: 'visitor-organic-2', referrer: 'https://duckduckgo.com/', channel: 'organic_search' },
  { visitor: 'visitor-paid-1', at: '/?gclid=abc123&token=secret-reset', channel: 'paid_search' },
  { visitor: 'visitor-paid-2', at: '/?utm_source=bing&utm_medium=cpc&utm_campaign=Spring', channel: 'paid_search' },
  { visitor: 'visitor-paid-3', at: '/?msclkid=x1', channel: 'paid_search' },
  { visitor: 'visitor-social-1', referrer: 'https://l.facebook.com/', channel: 'organic_social' },
  { visitor: 'visitor-social-2', at: '/?fbclid=IwAR0', channel: 'organic_social' },
  { visitor: 'visitor-social-3', referrer: 'https://t.co/abc', channel: 'organic_social' },
  { visitor: 'visitor-paidsocial-1', at: '/?utm_source=facebook&utm_medium=paid_social', channel: 'paid_social' },
  { visitor: 'visitor-paidsocial-2', at: '/?ttclid=tt1', channel: 'paid_social' },
  { visitor: 'visitor-email-1', at: '/?utm_source=newsletter&utm_medium=email&utm_campaign=autumn-sale', channel: 'email' },
  { visitor: 'visitor-email-2', referrer: 'https://mail.google.com/', channel: 'email' },
  { visitor: 'visitor-ref-1', referrer: 'https://blog.example.org/post?id=7', channel: 'referral' },
  { visitor: 'visitor-ref-phone', referrer: 'https://news.example.net/', ua: UA.iphone, channel: 'referral' },
  { visitor: 'visitor-ref-laptop', referrer: 'https://news.example.net/', channel: 'referral' },
  { visitor: 'visitor-display-1', at: '/?utm_source=gdn&utm_medium=banner', channel: 'display' },
  { visitor: 'visitor-display-2', at: '/?dclid=d1', channel: 'display' },
  { visitor: 'visitor-affiliate-1', at: '/?utm_source=partner&utm_medium=affiliate', channel: 'affiliates' },
  { visitor: 'visitor-video-1', referrer: 'https://www.youtube.com/', channel: 'organic_video' },
  { visitor: 'visitor-paidvideo-1', at: '/?utm_source=youtube&utm_medium=cpv', channel: 'paid_video' },
  { visitor: 'visitor-shop-1', referrer: 'https://www.amazon.de/', channel: 'organic_shopping' },
  { visitor: 'visitor-paidshop-1', at: '/?utm_source=google&utm_medium=cpc&utm_campaign=shopping-tents', channel: 'paid_shopping' },
  { visitor: 'visitor-cross-1', at: '/?utm_source=google&utm_medium=cpc&utm_campaign=cross-network-pmax', channel: 'cross_network' },
  { visitor: 'visitor-paidother-1', at: '/?utm_source=adnetwork&utm_medium=ppc', channel: 'paid_other' },
  { visitor: 'visitor-audio-1', at: '/?utm_source=spotify&utm_medium=audio', ua: UA.android, country: 'DE', channel: 'audio' },
  { visitor: 'visitor-sms-1', at: '/?utm_source=sms&utm_campaign=flash', ua: UA.ipad, country: 'IT', channel: 'sms' },
  { visitor: 'visitor-push-1', at: '/?utm_source=app&utm_medium=push', ua: UA.firefoxWindows, country: 'IT', channel: 'mobile_push' },
  { visitor: 'visitor-other-1', at: '/?utm_source=foo&utm_medium=bar', channel: 'unassigned' },
];

/** POSTs one browser batch as a page would, with the edge's `cf` (what Cloudflare sets in production). */
function postFrom(events: unknown[], ua: string, cf?: { country: string }) {
  return drained(() =>
    fetchWorker(`${ORIGIN}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': ua },
      body: JSON.stringify({ events }),
      ...(cf && { cf }),
    } as RequestInit),
  );
}

const landingEvent = (l: Landing, ts: number) => ({
  id: eventId(),
  site: SITE,
  type: 'pageview',
  visitorId: l.visitor,
  sessionId: `${l.visitor}-${l.session ?? 'first'}`,
  seq: 0,
  ts,
  url: `https://shop.example${l.at ?? '/'}`,
  props: { title: 'Shop', ...(l.referrer && { referrer: l.referrer }) },
});

interface ChannelRow {
  key: string | null;
  label?: string;
  visitors: number;
  sessions: number;
  happyIndex: number;
}
const report = async <T>(path: string) => {
  const res = await read(`/v1/sites/${SITE}/reports/${path}`, readKey);
  expect(res.status).toBe(200);
  return res.json<T>();
};

beforeAll(async () => {
  readKey = (await seedSite(SITE)).read;
  const base = Date.now() - 60_000;
  for (const [i, l] of LANDINGS.entries()) {
    const events: unknown[] = [landingEvent(l, base + i * 100)];
    // A second page of the same session: it must not start a session of its own.
    events.push({ ...landingEvent(l, base + i * 100 + 50), id: eventId(), seq: 1, url: 'https://shop.example/next', props: { title: 'Next', referrer: 'https://shop.example/' } });
    if (l.visitor === 'visitor-audio-1') events.push({ id: eventId(), site: SITE, type: 'survey_answered', visitorId: l.visitor, sessionId: 'visitor-audio-1-first', seq: 2, ts: base + i * 100 + 60, props: npsAnswer(10, 'acq-nps') });
    if (l.visitor.startsWith('visitor-ref-') && l.visitor !== 'visitor-ref-1') events.push(identify(SITE, l.visitor, 'c-42', undefined, { sessionId: `${l.visitor}-first`, seq: 3, ts: base + i * 100 + 70 }));
    const res = await postFrom(events, l.ua ?? UA.chromeLinux, l.country ? { country: l.country } : undefined);
    expect(res.status, l.visitor).toBeLessThan(300);
  }
});

describe('channels', () => {
  it('classifies each landing into its channel, one session per session id', async () => {
    const { results } = await env.DB.prepare('SELECT session_id, channel FROM sessions WHERE site = ?').bind(SITE).all<{ session_id: string; channel: string }>();
    expect(results).toHaveLength(LANDINGS.length);
    const got = Object.fromEntries(results.map((r) => [r.session_id, r.channel]));
    for (const l of LANDINGS) expect(got[`${l.visitor}-${l.session ?? 'first'}`], `${l.visitor} ${l.at ?? ''} ${l.referrer ?? ''}`).toBe(l.channel);
  });

  it('covers every channel with at least one case', () => {
    expect(new Set(LANDINGS.map((l) => l.channel))).toEqual(new Set(CHANNELS));
  });

  it('reports visitors (people) and sessions per channel', async () => {
    const body = await report<{ by: string; rows: ChannelRow[] }>('channels');
    expect(body.by).toBe('channel');
    const row = (key: string) => body.rows.find((r) => r.key === key);
    expect(row('direct')).toMatchObject({ label: 'Direct', visitors: 3, sessions: 4 });
    // The customer on two devices is one visitor.
    expect(row('referral')).toMatchObject({ visitors: 2, sessions: 3 });
    expect(row('paid_search')).toMatchObject({ label: 'Paid search', visitors: 3, sessions: 3 });
    expect(row('organic_social')).toMatchObject({ visitors: 3, sessions: 3 });
    expect(row('email')).toMatchObject({ visitors: 2, sessions: 2 });
    for (const channel of CHANNELS) expect(row(channel)?.sessions, channel).toBeGreaterThan(0);
    expect(body.rows.reduce((a, r) => a + r.sessions, 0)).toBe(LANDINGS.length);
    // Sorted by sessions: direct leads.
    expect(body.rows[0].key).toBe('direct');
  });

  it("averages the Happy Index of each channel's people", async () => {
    const body = await report<{ rows: ChannelRow[] }>('channels');
    const score = await (await read(`/v1/sites/${SITE}/visitors/visitor-audio-1/score`, readKey)).json<{ score: number }>();
    const others = await (await read(`/v1/sites/${SITE}/visitors/visitor-sms-1/score`, readKey)).json<{ score: number }>();
    // The promoter's answer lifts their score above someone with no signal but page views.
    expect(score.score).toBeGreaterThan(others.score);
    expect(body.rows.find((r) => r.key === 'audio')!.happyIndex).toBe(score.score);
    expect(body.rows.find((r) => r.key === 'sms')!.happyIndex).toBe(others.score);
  });

  it('reports by source, medium and campaign', async () => {
    const bySource = await report<{ rows: ChannelRow[] }>('channels?by=source');
    const source = (key: string | null) => bySource.rows.find((r) => r.key === key);
    // google.co.uk organic, gclid, dclid, shopping and cross-network campaigns: one source, "google".
    expect(source('google')).toMatchObject({ sessions: 5, visitors: 5 });
    expect(source('news.example.net')).toMatchObject({ sessions: 2, visitors: 1 });
    expect(source(null)).toMatchObject({ sessions: 4 });
    const byMedium = await report<{ rows: ChannelRow[] }>('channels?by=medium');
    // gclid, msclkid, ttclid (click ids stand for cpc) and three tagged cpc campaigns.
    expect(byMedium.rows.find((r) => r.key === 'cpc')).toMatchObject({ sessions: 6 });
    const byCampaign = await report<{ rows: ChannelRow[] }>('channels?by=campaign');
    // Campaign names keep their case; sources and media are lowercased.
    expect(byCampaign.rows.find((r) => r.key === 'Spring')).toMatchObject({ sessions: 1 });
    expect(byCampaign.rows.find((r) => r.key === 'autumn-sale')).toMatchObject({ sessions: 1 });
  });

  it('counts only sessions that started in the range', async () => {
    const body = await report<{ rows: ChannelRow[] }>(`channels?from=${Date.now() - 10 * 86_400_000}&to=${Date.now() - 5 * 86_400_000}`);
    expect(body.rows).toEqual([]);
  });

  it('answers 400 naming the field for a bad dimension or range', async () => {
    const bad = await read(`/v1/sites/${SITE}/reports/channels?by=country`, readKey);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'by' });
    const range = await read(`/v1/sites/${SITE}/reports/channels?from=10&to=5`, readKey);
    expect(await range.json()).toMatchObject({ field: 'from' });
  });

  it('has a source for every click id that minimal URLs keep', () => {
    expect(Object.keys(CLICK_ID_SOURCES).sort()).toEqual([...CLICK_ID_PARAMS].sort());
  });
});

describe('minimal URLs', () => {
  it('keeps UTM tags and click ids in stored URLs and drops everything else', async () => {
    const urls = await env.DB.prepare("SELECT url FROM events WHERE site = ? AND visitor_id IN ('visitor-paid-1', 'visitor-direct-2') AND seq = 0").bind(SITE).all<{ url: string }>();
    expect(urls.results.map((r) => r.url).sort()).toEqual(['https://shop.example/?gclid=abc123', 'https://shop.example/pricing']);
    const { results } = await env.DB.prepare('SELECT landing_path, referrer_host FROM sessions WHERE site = ? AND visitor_id = ?').bind(SITE, 'visitor-ref-1').all();
    // The referrer's host only; the landing's path only.
    expect(results).toEqual([{ landing_path: '/', referrer_host: 'blog.example.org' }]);
  });
});

describe('devices and places', () => {
  it('stores browser, OS, device type and country, never the user agent or IP', async () => {
    const row = (visitor: string) =>
      env.DB.prepare('SELECT browser, os, device_type AS deviceType, country FROM sessions WHERE site = ? AND visitor_id = ?').bind(SITE, visitor).first();
    expect(await row('visitor-audio-1')).toEqual({ browser: 'Chrome', os: 'Android', deviceType: 'mobile', country: 'DE' });
    expect(await row('visitor-sms-1')).toEqual({ browser: 'Safari', os: 'iOS', deviceType: 'tablet', country: 'IT' });
    expect(await row('visitor-push-1')).toEqual({ browser: 'Firefox', os: 'Windows', deviceType: 'desktop', country: 'IT' });
    expect(await row('visitor-ref-phone')).toEqual({ browser: 'Safari', os: 'iOS', deviceType: 'mobile', country: null });
    const columns = (await env.DB.prepare("SELECT name FROM pragma_table_info('sessions')").all<{ name: string }>()).results.map((c) => c.name);
    expect(columns.filter((c) => /agent|ip|address/i.test(c))).toEqual([]);
    const dump = JSON.stringify((await env.DB.prepare('SELECT * FROM sessions WHERE site = ?').bind(SITE).all()).results);
    expect(dump).not.toContain('Mozilla');
  });

  it('reports visitors and sessions by browser, OS, device type and country', async () => {
    type Rows = { key: string | null; visitors: number; sessions: number }[];
    const body = await report<{ browsers: Rows; os: Rows; deviceTypes: Rows; countries: Rows }>('devices');
    const total = LANDINGS.length;
    expect(body.browsers.find((r) => r.key === 'Chrome')).toMatchObject({ sessions: total - 3 });
    expect(body.browsers.find((r) => r.key === 'Firefox')).toMatchObject({ sessions: 1, visitors: 1 });
    expect(body.os.find((r) => r.key === 'iOS')).toMatchObject({ sessions: 2 });
    expect(body.deviceTypes.map((r) => [r.key, r.sessions])).toEqual([['desktop', total - 3], ['mobile', 2], ['tablet', 1]]);
    expect(body.countries).toEqual([
      // No cf locally: no country. The customer on two devices is one visitor; visitor-direct-1 has two sessions.
      { key: null, visitors: total - 5, sessions: total - 3 },
      { key: 'IT', visitors: 2, sessions: 2 },
      { key: 'DE', visitors: 1, sessions: 1 },
    ]);
  });
});

describe('newsletter sessions', () => {
  const NL_SITE = 'acquisition-newsletter';
  let nlRead: string;

  /** Clicks the recipient's first link as a reader would; returns the landing identity the page gets. */
  async function click(prepared: Awaited<ReturnType<typeof prepare>>['body'], recipient: string) {
    const res = await get(trackedUrls(prepared, tokenOf(prepared, recipient)).clicks[0], { headers: { 'user-agent': READER_UA } });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!).searchParams.get('ht_nl')!;
  }
  const land = (visitorId: string, token: string) =>
    fetchWorker(`${ORIGIN}/v1/landing`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify([NL_SITE, visitorId, token]) });
  const landingView = (visitorId: string) =>
    postEvents({ events: [pageview(NL_SITE, visitorId, { sessionId: `${visitorId}-s`, ts: Date.now(), url: 'https://shop.example/one', props: { title: 'One' } })] }, 'text/plain', { 'user-agent': UA.chromeLinux });

  beforeAll(async () => {
    const keys = await seedSite(NL_SITE);
    nlRead = keys.read;
    const hosts = await fetchWorker(`${ORIGIN}/v1/sites/${NL_SITE}/hosts`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hosts: ['shop.example'] }),
    });
    expect(hosts.status).toBe(200);
    const { body } = await prepare(NL_SITE, keys.write, { campaign: 'spring', html: '<a href="https://shop.example/one">One</a>', recipients: ['ada', 'grace'], sentAt: Date.now() - 3600_000 });
    // Ada's landing beacon arrives before her first page view; Grace's after it.
    expect((await land('browser-ada-0001', await click(body, 'ada'))).status).toBe(200);
    expect((await landingView('browser-ada-0001')).status).toBeLessThan(300);
    const graceToken = await click(body, 'grace');
    expect((await landingView('browser-grace-01')).status).toBeLessThan(300);
    expect((await land('browser-grace-01', graceToken)).status).toBe(200);
    // Someone who typed the address: direct.
    expect((await landingView('browser-typed-01')).status).toBeLessThan(300);
  });

  it('puts a newsletter click in channel email with the newsletter as campaign, whichever arrives first', async () => {
    const body = await (await read(`/v1/sites/${NL_SITE}/reports/channels`, nlRead)).json<{ rows: ChannelRow[] }>();
    expect(body.rows.map((r) => [r.key, r.sessions, r.visitors])).toEqual([['email', 2, 2], ['direct', 1, 1]]);
    const byCampaign = await (await read(`/v1/sites/${NL_SITE}/reports/channels?by=campaign`, nlRead)).json<{ rows: ChannelRow[] }>();
    expect(byCampaign.rows.find((r) => r.key === 'spring')).toMatchObject({ sessions: 2, visitors: 2 });
    const bySource = await (await read(`/v1/sites/${NL_SITE}/reports/channels?by=source`, nlRead)).json<{ rows: ChannelRow[] }>();
    expect(bySource.rows.find((r) => r.key === 'newsletter')).toMatchObject({ sessions: 2 });
  });
});
