import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import html from '../../examples/newsletter/spring-sale.html?raw';
import text from '../../examples/newsletter/spring-sale.txt?raw';
import { ORIGIN, seedSite } from './helpers';
import { prepare } from './newsletterHelpers';

const SITE = 'prep';
let keys: { read: string; write: string };
beforeAll(async () => {
  keys = await seedSite(SITE);
});

const TRACKED = /https:\/\/collector\.test\/c\/[A-Za-z0-9_-]+\.\*\|HT\|\*/g;
const PIXEL = /<img src="https:\/\/collector\.test\/o\/[A-Za-z0-9_-]+\.\*\|HT\|\*" width="1" height="1" alt="" style="[^"]*">/;
// Links the mail holds that must stay exactly as written.
const UNTOUCHED = [
  '*|ARCHIVE|*',
  '#offer',
  'mailto:help@shop.example?subject=Spring%20sale',
  'tel:+441234567890',
  '*|UNSUB|*',
  'https://shop.example/preferences?id=*|UNIQID|*',
  'https://user:pass@shop.example/account',
  '#top',
];

describe('prepare a real-world newsletter', () => {
  it('rewrites exactly the http(s) links, adds the pixel before </body>, and changes no other byte', async () => {
    const { res, body } = await prepare(SITE, keys.write, { campaign: 'spring-sale', html });
    expect(res.status).toBe(200);

    // Every href value that is an http(s) URL, except the ones that must stay, becomes LINK in the original…
    const expected = html.replace(/(href\s*=\s*["']?)(https?:[^"'\s>]+)/gi, (whole, attr: string, url: string) =>
      UNTOUCHED.includes(url) ? whole : `${attr}LINK`,
    );
    // …and every tracked URL becomes LINK in the prepared mail, once the pixel is taken out.
    expect(body.html!.match(PIXEL)).not.toBeNull();
    const actual = body.html!.replace(PIXEL, '').replace(TRACKED, 'LINK');
    expect(actual).toBe(expected);
    expect(actual.match(/LINK/g)).toHaveLength(7);
    expect(body.html!.indexOf('<img src="https://collector.test/o/')).toBe(body.html!.lastIndexOf('</body>') - body.html!.match(PIXEL)![0].length);

    // One link id per destination (the Outlook VML button and the HTML button share one), entities decoded.
    expect(body.links).toEqual([
      { id: 1, url: 'http://127.0.0.1:8787/?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale', occurrences: 1 },
      { id: 2, url: 'http://127.0.0.1:8787/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale', occurrences: 3 },
      { id: 3, url: 'https://blog.shop.example/2026/spring-notes#changes', occurrences: 1 },
      { id: 4, url: 'https://shop.example/products/trail-runner?ref=nl', occurrences: 1 },
      { id: 5, url: 'https://shop.example/products/daypack', occurrences: 1 },
    ]);
    expect(body.skipped.map((s) => s.href)).toEqual([...UNTOUCHED.slice(0, 6), UNTOUCHED[6], UNTOUCHED[7]]);
    expect(body.skipped.find((s) => s.href.includes('UNIQID'))!.reason).toBe('contains a merge tag');
    expect(body.skipped.find((s) => s.href.includes('user:pass'))!.reason).toContain('credentials');
  });

  it('rewrites the plain-text part too, keeping trailing punctuation and merge tags as written', async () => {
    const { body } = await prepare(SITE, keys.write, { campaign: 'spring-text', text, mergeTag: '{{ contact.ht }}' });
    const lines = body.text!.split('\n');
    expect(lines[3]).toMatch(/^https:\/\/collector\.test\/c\/[A-Za-z0-9_-]+\.\{\{ contact\.ht \}\}$/);
    expect(lines[5]).toMatch(/^Read what changed this spring \(https:\/\/collector\.test\/c\/[A-Za-z0-9_-]+\.\{\{ contact\.ht \}\}\)\.$/);
    const untouched = text.split('\n').filter((_, i) => i !== 3 && i !== 5);
    expect(lines.filter((_, i) => i !== 3 && i !== 5)).toEqual(untouched);
    expect(body.links.map((l) => l.url)).toEqual([
      'http://127.0.0.1:8787/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale',
      'https://blog.shop.example/2026/spring-notes#changes',
    ]);
  });

  it('keeps link ids stable when a campaign is prepared again, and signs one token per recipient', async () => {
    const first = await prepare(SITE, keys.write, { campaign: 'again', html: '<a href="https://a.example/">a</a>' });
    const second = await prepare(SITE, keys.write, {
      campaign: 'again',
      html: '<a href="https://b.example/">b</a><a href="https://a.example/">a</a>',
      recipients: ['ada', 'grace'],
    });
    expect(first.body.links).toEqual([{ id: 1, url: 'https://a.example/', occurrences: 1 }]);
    expect(second.body.links).toEqual([
      { id: 1, url: 'https://a.example/', occurrences: 1 },
      { id: 2, url: 'https://b.example/', occurrences: 1 },
    ]);
    expect(second.body.tokens!.map((t) => t.recipient)).toEqual(['ada', 'grace']);
    expect(second.body.tokens![0].token).toMatch(/^[A-Za-z0-9_-]+$/);
    const sent = await env.DB.prepare('SELECT count(*) AS n FROM newsletter_recipients WHERE site = ? AND campaign = ?').bind(SITE, 'again').first<{ n: number }>();
    expect(sent!.n).toBe(2);
  });

  it('answers 400 naming the field for bad input, 401 without a write key', async () => {
    const bad = async (body: Record<string, unknown>) => (await prepare(SITE, keys.write, body)).body.field;
    expect(await bad({ campaign: 'Spring Sale', html })).toBe('campaign');
    expect(await bad({ campaign: 'x', html, mergeTag: '"><script>' })).toBe('mergeTag');
    expect(await bad({ campaign: 'x', html, recipients: ['not an id'] })).toBe('recipients[0]');
    expect(await bad({ campaign: 'never-prepared' })).toBe('html');
    expect(await bad({ campaign: 'again', html, unsignedRecipient: true })).toBe('unsignedRecipient');
    const { res } = await prepare(SITE, keys.read, { campaign: 'x', html });
    expect(res.status).toBe(401);
  });

  it('in unsigned-recipient mode puts the email tool\'s own merge tag in the links and issues no tokens', async () => {
    const { body } = await prepare(SITE, keys.write, {
      campaign: 'loose',
      html: '<a href="https://a.example/">a</a>',
      unsignedRecipient: true,
      mergeTag: '*|EMAIL|*',
      recipients: ['ada@example.com'],
    });
    expect(body.html).toMatch(/href="https:\/\/collector\.test\/c\/[A-Za-z0-9_-]+\.~\*\|EMAIL\|\*"/);
    expect(body.tokens).toBeUndefined();
    void ORIGIN;
  });
});
