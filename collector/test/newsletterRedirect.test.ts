import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, seedSite } from './helpers';
import { get, prepare, READER_UA, tokenOf, trackedUrls, type Prepared } from './newsletterHelpers';

const SITE = 'fuzz';
// Classic open-redirect and header-injection shapes: none may ever become a redirect target.
const HOSTILE = [
  '//evil.example',
  '//evil.example/%2F..',
  'https://good.example@evil.example/',
  'https://good.example:pw@evil.example/',
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'https:\\\\evil.example',
  'https://good.example\\@evil.example/',
  '\\\\evil.example',
  'https://good.example/%0d%0aLocation:%20https://evil.example',
  'https://good.example/\r\nLocation: https://evil.example',
  'https://good.example/\u0000@evil.example',
  'http:/evil.example',
  'https:evil.example',
  'vbscript:msgbox(1)',
  '/relative/path',
  'ftp://files.example/',
];

let keys: { read: string; write: string };
beforeAll(async () => {
  keys = await seedSite(SITE);
});

const hrefArb = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 60 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.constantFrom('https://', 'http://', '//', 'https:\\\\', 'javascript:', 'https://good.example@'), fc.string({ maxLength: 30 })).map(([a, b]) => a + b),
);

/** A prepared link is an absolute http(s) URL with a host, no credentials and no backslash. */
function expectSafe(url: string) {
  const u = new URL(url);
  expect(['http:', 'https:']).toContain(u.protocol);
  expect(u.username + u.password).toBe('');
  expect(u.hostname).not.toBe('');
  expect(url).not.toMatch(/[\\\u0000-\u001f]/);
}

describe('click links are never an open redirect', () => {
  it('prepares only absolute http(s) destinations, whatever the hrefs hold', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hrefArb, { minLength: 1, maxLength: 6 }), async (hrefs) => {
        const html = hrefs.map((h) => `<a href="${h.replace(/"/g, '&quot;')}">x</a>`).join('\n');
        const { res, body } = await prepare(SITE, keys.write, { campaign: `p${n++}`, html });
        expect(res.status).toBe(200);
        for (const link of body.links) expectSafe(link.url);
        for (const hostile of HOSTILE) expect(body.links.map((l) => l.url)).not.toContain(hostile);
      }),
      { numRuns: 60 },
    );
  });

  it('redirects only to the prepared destinations, whatever is done to the token', async () => {
    const html = [...HOSTILE, 'https://shop.example/a?x=1', 'http://shop.example/b#c'].map((h) => `<a href="${h}">x</a>`).join('');
    const { body: mail } = await prepare(SITE, keys.write, { campaign: 'target', html, recipients: ['ada'] });
    expect(mail.links.map((l) => l.url)).toEqual(['https://shop.example/a?x=1', 'http://shop.example/b#c']);
    const prepared = new Set(mail.links.map((l) => l.url));
    const genuine = trackedUrls(mail as Prepared, tokenOf(mail, 'ada')).clicks.map((u) => u.split('/c/')[1]);

    const mutation = fc.oneof(
      // Replace one character with something a forger might try.
      fc.tuple(fc.nat(), fc.constantFrom('A', '_', '-', '.', '~', '/', '%2F', '%0a', '\\', '@', '%2e')).map(
        ([i, ch]) => (t: string) => t.slice(0, i % t.length) + ch + t.slice((i % t.length) + 1),
      ),
      fc.nat().map((i) => (t: string) => t.slice(0, i % t.length)),
      fc.string({ maxLength: 12 }).map((s) => (t: string) => t + encodeURIComponent(s)),
      fc.constantFrom(...HOSTILE).map((h) => (_: string) => encodeURIComponent(h)),
      fc.constant((t: string) => t),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...genuine), mutation, async (token, mutate) => {
        const res = await get(`${ORIGIN}/c/${mutate(token)}`, { headers: { 'user-agent': READER_UA } });
        if (res.status === 302) {
          const location = new URL(res.headers.get('location')!);
          location.searchParams.delete('ht_nl');
          expect(prepared).toContain(location.href);
        } else {
          expect(res.status).toBe(404);
          expect(res.headers.get('location')).toBeNull();
        }
        await res.body?.cancel();
      }),
      { numRuns: 150 },
    );
    // 150 clicks through the real Worker and D1: a budget like the other fuzz tests', not the 5 s default.
  }, 60_000);
});
