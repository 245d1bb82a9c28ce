import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import app from '../src/index';
import { resetRateLimits } from '../src/http/rateLimit';
import { countRows, pageview, postEvents, read, seedSite } from './helpers';
import { fetchWorker } from './worker';

const SITE = 'bots-site';
let readKey: string;

beforeAll(async () => {
  readKey = (await seedSite(SITE)).read;
});

const CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('bot filtering on browser ingest', () => {
  it.each([
    ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'bot_user_agent'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 'headless_browser'],
  ])('answers 200 to %s but stores nothing and counts the drop as %s', async (ua, reason) => {
    const visitor = `bot-${reason}`;
    const res = await postEvents({ events: [pageview(SITE, visitor), pageview(SITE, visitor, { seq: 1 })] }, 'text/plain', { 'user-agent': ua });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 0, filtered: 2, reason, refused: [] });
    expect(await countRows('events', 'visitor_id = ?', visitor)).toBe(0);
    const stats = await (await read(`/v1/sites/${SITE}/ingest-stats`, readKey)).json<{ filtered: { reason: string; events: number }[] }>();
    expect(stats.filtered.find((f) => f.reason === reason)?.events).toBe(2);
  });

  it('filters browser events from datacenter networks (request.cf.asn)', async () => {
    const res = await fetchWorker('https://collector.test/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME },
      body: JSON.stringify({ events: [pageview(SITE, 'visitor-aws')] }),
      cf: { asn: 16509 },
    } as RequestInit);
    expect(await res.json()).toMatchObject({ accepted: 0, reason: 'datacenter_network' });
    expect(await countRows('events', 'visitor_id = ?', 'visitor-aws')).toBe(0);
  });

  it('stores events from an ordinary browser', async () => {
    const res = await postEvents({ events: [pageview(SITE, 'visitor-human')] }, 'text/plain', { 'user-agent': CHROME });
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, refused: [] });
  });
});

// The in-memory fallback (no binding); the Workers binding itself: test/routeAccess.test.ts.
describe('rate limits on ingest without a rate-limiting binding', () => {
  async function post(body: unknown, ip: string, limits: Record<string, string>, ua = CHROME) {
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request('https://collector.test/v1/events', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'cf-connecting-ip': ip, 'user-agent': ua },
        body: JSON.stringify(body),
      }),
      { ...env, RATE_LIMIT_CLIENT: undefined, RATE_LIMIT_SITE: undefined, ...limits },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    return res;
  }

  it('answers 429 with Retry-After to a client over its limit, while other clients still get in', async () => {
    resetRateLimits();
    const limits = { RATE_LIMIT_CLIENT_PER_MINUTE: '3', RATE_LIMIT_SITE_PER_MINUTE: '1000' };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post({ events: [pageview(SITE, 'visitor-flood', { seq: i })] }, '203.0.113.9', limits)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await post({ events: [pageview(SITE, 'visitor-flood', { seq: 9 })] }, '203.0.113.9', limits);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json<{ field: string }>()).field).toBe('client');
    expect((await post({ events: [pageview(SITE, 'visitor-calm')] }, '198.51.100.20', limits)).status).toBe(200);
    expect(await countRows('events', 'visitor_id = ?', 'visitor-flood')).toBe(3);
  });

  it('keys the client limit on the IP alone: a new user agent is not a new budget', async () => {
    resetRateLimits();
    const limits = { RATE_LIMIT_CLIENT_PER_MINUTE: '2', RATE_LIMIT_SITE_PER_MINUTE: '1000' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post({ events: [pageview(SITE, 'visitor-ua', { seq: i })] }, '203.0.113.10', limits, `${CHROME} v${i}`)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('answers 429 when the whole site is over its limit', async () => {
    resetRateLimits();
    const limits = { RATE_LIMIT_CLIENT_PER_MINUTE: '100', RATE_LIMIT_SITE_PER_MINUTE: '2' };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post({ events: [pageview(SITE, `visitor-site-${i}`)] }, `192.0.2.${i}`, limits)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
