import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64url, fromBase64url } from '../src/newsletter/base64url';
import { signingKey } from '../src/newsletter/signingKey';
import { signLink, signRecipient, verifyTracking } from '../src/newsletter/tokens';
import { countRows, ORIGIN, pageview, postEvents, seedSite } from './helpers';
import { get, prepare, READER_UA, tokenOf, trackedUrls, type Prepared } from './newsletterHelpers';

const SITE = 'news';
let keys: { read: string; write: string };
let mail: Prepared;
let openUrl: string;
let clickUrl: string;
let adaToken: string;

const HTML = '<html><body><p><a href="https://shop.example/pricing?x=1&amp;y=2#plans">Pricing</a></p></body></html>';

beforeAll(async () => {
  keys = await seedSite(SITE);
  await seedSite('other');
  // shop.example is the site's own host: the SDK has sent page views from it (the default list).
  expect((await postEvents({ events: [pageview(SITE, 'site-visitor-0001', { url: 'https://shop.example/' })] })).status).toBe(200);
  ({ body: mail } = await prepare(SITE, keys.write, { campaign: 'spring', html: HTML, recipients: ['ada@example.com', 'grace'], sentAt: Date.now() - 3600_000 }));
  adaToken = tokenOf(mail, 'ada@example.com');
  const urls = trackedUrls(mail, adaToken);
  [openUrl] = urls.opens;
  [clickUrl] = urls.clicks;
});

const events = (type: string) => countRows('events', 'site = ? AND type = ?', SITE, type);
const ua = { headers: { 'user-agent': READER_UA } };

describe('open pixel', () => {
  it('answers a 43-byte transparent GIF that is never cached, and records the open for the recipient', async () => {
    const before = await events('newsletter_open');
    const res = await get(openUrl, ua);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body.byteLength).toBe(43);
    expect(new TextDecoder().decode(body.slice(0, 6))).toBe('GIF89a');
    expect(await events('newsletter_open')).toBe(before + 1);
    const row = await env.DB.prepare(
      "SELECT visitor_id, name, source, props FROM events WHERE site = ? AND type = 'newsletter_open' ORDER BY received_at DESC LIMIT 1",
    )
      .bind(SITE)
      .first<{ visitor_id: string; name: string; source: string; props: string }>();
    expect(row).toMatchObject({ visitor_id: 'customer:ada@example.com', name: 'spring', source: 'pixel' });
    expect(JSON.parse(row!.props)).toMatchObject({ recipient: 'ada@example.com', verified: true, class: 'human' });
  });

  it('counts a second open of the same mail as a repeat, for the same recipient', async () => {
    const before = await countRows('events', "site = ? AND type = 'newsletter_open' AND visitor_id = 'customer:ada@example.com'", SITE);
    await get(openUrl, ua);
    expect(await countRows('events', "site = ? AND type = 'newsletter_open' AND visitor_id = 'customer:ada@example.com'", SITE)).toBe(before + 1);
  });

  it('records nothing for HEAD requests, and still answers like the image', async () => {
    const before = await events('newsletter_open');
    const res = await get(openUrl, { method: 'HEAD', ...ua });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(await events('newsletter_open')).toBe(before);
  });
});

describe('click link', () => {
  it('records the click and redirects (302) to the prepared destination with a signed identity parameter', async () => {
    const before = await events('newsletter_click');
    const res = await get(clickUrl, ua);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://shop.example/pricing');
    expect(location.searchParams.get('x')).toBe('1');
    expect(location.searchParams.get('y')).toBe('2');
    expect(location.hash).toBe('#plans');
    expect(location.searchParams.get('ht_nl')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await events('newsletter_click')).toBe(before + 1);
  });

  it('adds no identity parameter when a link scanner follows the link, and records nothing for HEAD', async () => {
    const scanned = await get(clickUrl, { headers: { 'user-agent': 'python-requests/2.32' } });
    expect(scanned.status).toBe(302);
    expect(new URL(scanned.headers.get('location')!).searchParams.has('ht_nl')).toBe(false);
    const before = await events('newsletter_click');
    const head = await get(clickUrl, { method: 'HEAD', ...ua });
    expect(head.status).toBe(302);
    expect(new URL(head.headers.get('location')!).searchParams.has('ht_nl')).toBe(false);
    expect(await events('newsletter_click')).toBe(before);
  });
});

describe('forged and altered tokens', () => {
  // Each case turns the genuine `<link>.<recipient>` token into a forgery.
  const cases: [string, () => Promise<string>][] = [
    ['no recipient part', async () => clickUrl.split('/c/')[1].split('.')[0]],
    ['wrong length (link token cut short)', async () => { const [l, r] = tok(); return `${l.slice(0, 12)}.${r}`; }],
    ['wrong length (bytes appended)', async () => { const [l, r] = tok(); return `${l}AAAA.${r}`; }],
    ['bad base64', async () => { const [l, r] = tok(); return `${l.slice(0, -2)}!*.${r}`; }],
    ['altered recipient', async () => {
      const [l, r] = tok();
      const bytes = fromBase64url(r)!;
      bytes[5] ^= 1; // another ref under Ada's signature
      return `${l}.${toBase64url(bytes)}`;
    }],
    ['Ada\'s id under Grace\'s signature (the format before refs)', async () => {
      const [l] = tok();
      const grace = fromBase64url(tokenOf(mail, 'grace'))!;
      const ada = new TextEncoder().encode('ada@example.com');
      return `${l}.${toBase64url(new Uint8Array([...ada, ...grace.slice(-16)]))}`;
    }],
    ['unsigned recipient on a signed campaign', async () => { const [l] = tok(); return `${l}.~ada@example.com`; }],
    ['expired', async () => {
      const key = await signingKey(env.NEWSLETTER_SECRET);
      const link = await signLink(key, { site: SITE, campaign: 'spring', linkId: 1, expiresAt: Math.floor(Date.now() / 1000) - 60, unsignedRecipient: false });
      return `${link}.${adaToken}`;
    }],
    ['signed for another site', async () => {
      const key = await signingKey(env.NEWSLETTER_SECRET);
      const link = await signLink(key, { site: 'other', campaign: 'spring', linkId: 1, expiresAt: Math.floor(Date.now() / 1000) + 3600, unsignedRecipient: false });
      return `${link}.${(await signRecipient(key, 'other', 'spring', 'ada@example.com')).token}`;
    }],
    ['signed with another secret', async () => {
      const key = await signingKey('a-different-secret-of-enough-length');
      const link = await signLink(key, { site: SITE, campaign: 'spring', linkId: 1, expiresAt: Math.floor(Date.now() / 1000) + 3600, unsignedRecipient: false });
      return `${link}.${(await signRecipient(key, SITE, 'spring', 'ada@example.com')).token}`;
    }],
    ['a link id that was never prepared', async () => {
      const key = await signingKey(env.NEWSLETTER_SECRET);
      const link = await signLink(key, { site: SITE, campaign: 'spring', linkId: 7, expiresAt: Math.floor(Date.now() / 1000) + 3600, unsignedRecipient: false });
      return `${link}.${adaToken}`;
    }],
  ];
  const tok = () => clickUrl.split('/c/')[1].split('.') as [string, string];

  for (const [name, forge] of cases) {
    it(`${name}: the pixel answers the GIF and the click a plain 404, and nothing is recorded`, async () => {
      const token = await forge();
      const before = await countRows('events', "site IN (?, 'other') AND type LIKE 'newsletter_%'", SITE);
      const pixel = await get(`${ORIGIN}/o/${token}`, ua);
      expect(pixel.status).toBe(200);
      expect((await pixel.arrayBuffer()).byteLength).toBe(43);
      const click = await get(`${ORIGIN}/c/${token}`, ua);
      expect(click.status).toBe(404);
      expect(click.headers.get('location')).toBeNull();
      expect(click.headers.get('content-type')).toContain('text/html');
      expect(await click.text()).toContain('This link is not valid');
      expect(await countRows('events', "site IN (?, 'other') AND type LIKE 'newsletter_%'", SITE)).toBe(before);
    });
  }

  it('refuses each forgery in the verifier itself with a reason', async () => {
    const key = await signingKey(env.NEWSLETTER_SECRET);
    const reasons = await Promise.all(cases.map(async ([, forge]) => {
      const v = await verifyTracking(key, await forge(), Date.now());
      return v.ok ? 'accepted' : v.reason;
    }));
    // "another site" and "never prepared" verify cryptographically: the campaign lookup refuses them.
    expect(reasons).toEqual([
      'malformed', 'wrong-length', 'wrong-length', 'bad-base64', 'bad-signature', 'bad-signature',
      'unsigned-not-allowed', 'expired', 'accepted', 'bad-signature', 'accepted',
    ]);
  });
});

describe('without a configured secret', () => {
  it('refuses to sign with a missing or short secret, and the API says what to configure (503)', async () => {
    const { newsletterKey } = await import('../src/newsletter/newsletterKey');
    expect(() => signingKey(undefined)).toThrow(/NEWSLETTER_SECRET/);
    expect(() => signingKey('short')).toThrow(/NEWSLETTER_SECRET/);
    const err = await newsletterKey(undefined).catch((e) => e);
    expect(err.status).toBe(503);
    expect(await err.getResponse().json()).toEqual({ error: 'newsletters are not configured on this collector: set the NEWSLETTER_SECRET secret' });
  });
});
