import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { customEvent, ORIGIN, pageview, postEvents, read, seedSite } from './helpers';
import { get, prepare, READER_UA, tokenOf, trackedUrls, type Prepared } from './newsletterHelpers';
import { outcome } from './ingestOutcome';
import { fetchWorker } from './worker';

// Query strings and fragments are stripped before storage, except utm_*, ad click ids and the site's
// allowlist; referrers keep origin + path. Checked in every place a person could read them back.

const SITE = 'urls-site';
let keys: { read: string; write: string };
const LEAKY = 'https://shop.example/reset?token=secret&email=a%40b.example&utm_source=news&gclid=g-1#access_token=xyz';
const NEEDLES = ['secret', 'a%40b', 'a@b', 'xyz'];

beforeAll(async () => {
  keys = await seedSite(SITE);
});

const expectNone = (text: string, where: string) => {
  for (const needle of NEEDLES) expect(text.includes(needle), `${needle} in ${where}`).toBe(false);
};

describe('minimal URLs', () => {
  it('stores none of a token, an address or a fragment from a page address: not in the journey, the exports or any D1 table', async () => {
    const view = pageview(SITE, 'visitor-leaky', { url: LEAKY, props: { title: 'Reset', referrer: 'https://mail.example/inbox/1?email=a%40b.example#xyz' } } as never);
    const click = customEvent(SITE, 'visitor-leaky', { url: LEAKY });
    expect(await outcome(await postEvents({ events: [view, click] }))).toMatchObject({ accepted: 2, refused: [] });

    const row = await env.DB.prepare('SELECT url, props FROM events WHERE site = ? AND id = ?').bind(SITE, view.id).first<{ url: string; props: string }>();
    expect(row!.url).toBe('https://shop.example/reset?utm_source=news&gclid=g-1');
    expect(JSON.parse(row!.props).referrer).toBe('https://mail.example/inbox/1');

    const journey = await read(`/v1/sites/${SITE}/visitors/visitor-leaky/journey`, keys.read);
    expect(journey.status).toBe(200);
    expectNone(await journey.text(), 'the journey');
    for (const path of ['exports/journeys?format=csv', 'exports/journeys?format=ndjson', 'exports/visitors?format=csv']) {
      const res = await read(`/v1/sites/${SITE}/${path}`, keys.read);
      expect(res.status, path).toBe(200);
      expectNone(await res.text(), path);
    }

    // Every table the schema has, now and later.
    const { results: tables } = await env.DB.prepare(
      // Every data table (the migrations' own record names files such as 0014_webhook_secrets, not data).
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
    ).all<{ name: string }>();
    expect(tables.map((t) => t.name)).toContain('events');
    for (const { name } of tables) {
      const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      expectNone(JSON.stringify(results), `table ${name}`);
    }
  });

  it("keeps the parameters on the site's allowlist, set with the write key", async () => {
    const put = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/settings/url-params`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ params: ['variant'] }),
    });
    expect(await put.json()).toEqual({ params: ['variant'] });
    const view = pageview(SITE, 'visitor-variant', { url: 'https://shop.example/p?variant=b&session=s3cr3t#top' });
    await postEvents({ events: [view] });
    const row = await env.DB.prepare('SELECT url FROM events WHERE site = ? AND id = ?').bind(SITE, view.id).first<{ url: string }>();
    expect(row!.url).toBe('https://shop.example/p?variant=b');
    const bad = await fetchWorker(`${ORIGIN}/v1/sites/${SITE}/settings/url-params`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${keys.write}`, 'content-type': 'application/json' },
      body: JSON.stringify({ params: ['no spaces'] }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json<{ field: string }>()).field).toBe('params[0]');
  });

  it('applies to newsletter clicks too: the stored destination keeps no token', async () => {
    const html = '<a href="https://shop.example/welcome?invite=secret&utm_campaign=spring#xyz">Come in</a>';
    const { body: mail } = await prepare(SITE, keys.write, { campaign: 'spring', html, recipients: ['ada'] });
    const [link] = trackedUrls(mail as Prepared, tokenOf(mail, 'ada')).clicks;
    const res = await get(link, { headers: { 'user-agent': READER_UA } });
    expect(res.status).toBe(302);
    const stored = await env.DB.prepare("SELECT url, props FROM events WHERE site = ? AND type = 'newsletter_click'").bind(SITE).first<{ url: string; props: string }>();
    expect(stored!.url).toBe('https://shop.example/welcome?utm_campaign=spring');
    expect(JSON.parse(stored!.props).url).toBe('https://shop.example/welcome?utm_campaign=spring');
  });
});
