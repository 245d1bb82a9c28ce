import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './lib/browser';
import { DEV_READ_KEY } from './lib/journey';

const collector = inject('collectorUrl');
const DEV_WRITE_KEY = 'demo-write-key';
const READER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const DAY = 86_400_000;
const ARTIFACTS = path.resolve(__dirname, '../test-artifacts/dashboard');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const stamp = Date.now().toString(36);
const recipient = `dash-${stamp}@example.com`;
const campaign = `dash-${stamp}`;
const surveyId = `dash-${stamp}`;
let browser: Browser;
let page: Page;
let visitorId: string;
const cspViolations: string[] = [];

const api = async (p: string, key = DEV_READ_KEY) => {
  const res = await fetch(`${collector}/v1/sites/demo${p}`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status, p).toBe(200);
  return (await res.json()) as any;
};
const post = async (p: string, body: unknown) => {
  const res = await fetch(`${collector}${p}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_WRITE_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, p).toBeLessThan(300);
  return (await res.json()) as any;
};

async function axe(p: Page): Promise<string[]> {
  // evaluate, not a <script> tag: the dashboard's CSP (rightly) refuses inline scripts.
  await p.evaluate(axeSource);
  return p.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/** Waits until the dashboard has rendered the view and filter its address names (its view-ready mark). */
const viewShown = (p: Page) =>
  p.waitForFunction(() => (performance.getEntriesByName('hoptrail:view-ready').at(-1) as PerformanceMark | undefined)?.detail === location.hash);

/** Saves a screenshot as a test artefact and measures it: distinct colours and brightness spread. */
async function screenshot(p: Page, name: string) {
  // Nothing leaked from a missing value into the page.
  expect(await p.locator('main').innerText()).not.toMatch(/\bnull\b|\bundefined\b|\bNaN\b/);
  mkdirSync(ARTIFACTS, { recursive: true });
  const png = await p.screenshot({ fullPage: true });
  writeFileSync(path.join(ARTIFACTS, `${name}.png`), png);
  const probe = await browser.newPage();
  const stats = await probe.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    const colours = new Set<number>();
    let sum = 0;
    let sumSq = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      sum += y;
      sumSq += y * y;
    }
    return { colours: colours.size, variance: sumSq / n - (sum / n) ** 2, width: img.width, height: img.height };
  }, png.toString('base64'));
  await probe.close();
  return stats;
}

beforeAll(async () => {
  browser = await launchBrowser();
  // A paused survey (so it never pops up on other tests' pages) with an NPS and an open question.
  await post('/v1/sites/demo/surveys', {
    id: surveyId,
    name: `Dashboard ${stamp}`,
    status: 'paused',
    questions: [
      { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?' },
      { id: 'why', type: 'text', text: 'What should we improve?', required: false },
    ],
  });
  // The newsletter simulation: prepare, open in a mail client, click through to the example site.
  const prepared = await post('/v1/sites/demo/newsletters', {
    campaign,
    html: `<html><body><h1>Autumn sale</h1><a id="cta" href="${collector}/pricing?utm_source=newsletter">See prices</a></body></html>`,
    recipients: [recipient],
    sentAt: Date.now() - 3600_000,
  });
  const mail = prepared.html.split(prepared.mergeTag).join(prepared.tokens[0].token);
  const reader = await browser.newPage();
  await reader.setExtraHTTPHeaders({ 'user-agent': READER_UA });
  const pixel = reader.waitForResponse((r) => r.url().includes('/o/'));
  await reader.setContent(mail);
  await pixel;
  await reader.click('#cta');
  await reader.waitForURL('**/pricing?**', { waitUntil: 'commit' }); // ready = the SDK replayed, not the load event
  await reader.waitForFunction(() => (window as any).hoptrail && !(window as any).hoptrail.q);
  visitorId = await reader.evaluate(() => (window as any).hoptrail.visitorId() as string);
  await reader.evaluate(() => (window as any).hoptrail.flush());
  // The visitor answers the survey on the site (what the widget would send through the public ingest).
  const now = Date.now();
  const answer = (questionId: string, questionType: string, value: unknown, seq: number) => ({
    id: `0190f0f0-0000-7000-8000-${(now + seq).toString(16).padStart(12, '0')}`,
    site: 'demo',
    type: 'survey_answered',
    visitorId,
    sessionId: `session-${stamp}`,
    seq,
    ts: now - 500 + seq,
    props: { surveyId, responseId: `response-${stamp}`, channel: 'web', questionId, questionType, value, ...(questionId === 'why' && { completed: true }) },
  });
  const ingest = await fetch(`${collector}/v1/events`, {
    method: 'POST',
    // A browser's user agent: the bot filter drops Node's own, with a 200.
    headers: { 'content-type': 'text/plain', 'user-agent': READER_UA },
    body: JSON.stringify({ sentAt: now, events: [answer('nps', 'nps', 9, 0), answer('why', 'text', 'Faster checkout, please', 1)] }),
  });
  expect(await ingest.json()).toEqual({ accepted: 2, duplicates: 0, refused: [] });
  await reader.close();
  // Wait until the customer's journey holds the open, the click, the pages and the answers.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${collector}/v1/sites/demo/customers/${encodeURIComponent(recipient)}/journey?limit=1000`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
    const types = res.ok ? ((await res.json()) as any).events.map((e: any) => e.type) : [];
    if (['newsletter_open', 'newsletter_click', 'pageview', 'survey_answered'].every((t) => types.includes(t))) break;
    if (Date.now() > deadline) throw new Error(`journey incomplete: ${types.join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await post('/v1/sites/demo/segments/snapshots', undefined);
  page = await browser.newPage();
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('dashboard security headers (through wrangler dev)', () => {
  it('serves every dashboard file with a strict CSP, nosniff, no referrer and no framing', async () => {
    for (const p of ['/dashboard', '/dashboard/', '/dashboard/app.js', '/dashboard/dashboard.css', '/dashboard/views/card.js']) {
      const res = await fetch(`${collector}${p}`);
      expect(res.status, p).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, p).toContain("default-src 'self'");
      expect(csp, p).toContain("script-src 'self'");
      expect(csp, p).toContain("connect-src 'self'");
      expect(csp, p).toContain("frame-ancestors 'none'");
      expect(csp, p).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), p).toBe('no-referrer');
      expect(res.headers.get('access-control-allow-origin'), p).toBeNull();
    }
    expect((await fetch(`${collector}/dashboard/`)).headers.get('content-type')).toMatch(/text\/html/);
    expect((await fetch(`${collector}/dashboard/app.js`)).headers.get('content-type')).toMatch(/javascript/);
  });
});

describe('dashboard loading', () => {
  it('preloads every module the app imports, so the first API call does not wait for an import waterfall', async () => {
    const html = await (await fetch(`${collector}/dashboard/`)).text();
    const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]));
    // Walk the import graph as served, from the entry module.
    const imported = new Set<string>();
    const walk = async (file: string) => {
      const source = await (await fetch(`${collector}${file}`)).text();
      for (const [, spec] of source.matchAll(/^import [^;]+ from '([^']+)';/gm)) {
        const target = new URL(spec, `http://x${file}`).pathname;
        if (!imported.has(target)) imported.add(target), await walk(target);
      }
    };
    await walk('/dashboard/app.js');
    expect(imported.size).toBeGreaterThan(5);
    expect([...imported].filter((f) => !preloaded.has(f))).toEqual([]);
  });
});

describe('dashboard in Chromium', () => {
  it('signs in (a wrong key gets a clear message), and the overview shows what the API says', async () => {
    await page.goto(`${collector}/dashboard`);
    await page.getByLabel('Site id').fill('demo');
    await page.getByLabel('Read key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/read key was not accepted/);
    // A real key with a site it does not belong to: the API says 404 "site not found".
    await page.getByLabel('Site id').fill('no-such-site');
    await page.getByLabel('Read key').fill(DEV_READ_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/No such site/);
    await page.getByLabel('Site id').fill('demo');
    await page.getByLabel('Read key').fill(DEV_READ_KEY);
    await page.getByLabel('Read key').press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(page.url()).not.toContain(DEV_READ_KEY);

    const today = new Date().toISOString().slice(0, 10);
    const to = Date.parse(today) + DAY - 1;
    const o = await api(`/overview?from=${Date.parse(today) - 29 * DAY}&to=${to}`);
    const stat = (label: string) => page.locator('.stat', { hasText: label }).locator('dd').textContent();
    expect(await stat('Visitors')).toBe(o.visitors.toLocaleString('en-GB'));
    expect(await stat('Identified customers')).toBe(o.customers.toLocaleString('en-GB'));
    expect(await stat('Average Happy Index')).toContain(String(o.happyIndex.average));
    expect(o.newsletters.sent).toBeGreaterThanOrEqual(1);
    const funnel = page.getByRole('img', { name: /Newsletter funnel/ });
    await expect.poll(() => funnel.locator('text.value').first().textContent()).toBe(o.newsletters.sent.toLocaleString('en-GB'));
    expect(await page.locator('[data-testid=campaigns] tbody tr').first().textContent()).toContain(campaign);
    const pages = await page.locator('[data-testid=top-pages] tbody tr').allTextContents();
    expect(pages[0]).toContain(o.topPages[0].path);
    expect(await page.getByRole('img', { name: /Happy Index distribution/ }).count()).toBe(1);
    // The summary reads stored per-person scores and says how fresh they are.
    expect(await page.locator('section[aria-labelledby=hi-title] .note').textContent()).toMatch(/^Scores as of \d{4}-\d\d-\d\d \d\d:\d\d UTC or later\.$/);
    expect(await axe(page)).toEqual([]);
    const shot = await screenshot(page, 'overview');
    expect(shot.colours).toBeGreaterThan(20);
    expect(shot.variance).toBeGreaterThan(100);
  });

  it('walks from the table to the customer card with the keyboard, and the card shows the whole journey', async () => {
    // Keyboard only: tab to the "Visitors" link in the main navigation. The overview first finishes:
    // a view moves focus to #main when it is done, which would throw the walk off.
    await viewShown(page);
    await page.locator('#main').focus();
    await page.keyboard.press('Shift+Tab');
    let guard = 0;
    while (guard++ < 10 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Visitors') await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Visitors');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Visitors and customers' }).waitFor();
    await page.locator('tr.link-row').first().waitFor();
    expect(await axe(page)).toEqual([]);

    // Search by the customer id, then open the row with Enter.
    await page.getByLabel('Search id or trait').fill(recipient);
    await page.getByLabel('Search id or trait').press('Enter');
    await viewShown(page);
    // Two rows: the browser that clicked through, and the customer's server-side id (the newsletter events).
    expect(await page.locator('tr.link-row td:first-child').allTextContents()).toEqual(expect.arrayContaining([visitorId, `customer:${recipient}`]));
    expect(await page.locator('tr.link-row td:nth-child(2)').allTextContents()).toEqual([recipient, recipient]);
    await page.locator('tr.link-row').first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Customer ${recipient}` }).waitFor();

    const types = await page.locator('.timeline li.event').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    for (const t of ['newsletter_open', 'newsletter_click', 'pageview', 'survey_answered']) expect(types).toContain(t);
    expect(await page.locator('.timeline li.event[data-type=survey_answered]').allTextContents()).toContainEqual(expect.stringContaining('nps: 9'));
    const score = await api(`/customers/${encodeURIComponent(recipient)}/score`);
    expect(await page.getByTestId('score').textContent()).toBe(String(score.score));
    const chart = page.getByRole('img', { name: /Contribution of each signal/ });
    expect(await chart.locator('rect').count()).toBe(score.contributions.length);
    expect(await page.locator('.ids li').allTextContents()).toContain(visitorId);
    expect(await axe(page)).toEqual([]);
    const shot = await screenshot(page, 'customer-card');
    expect(shot.colours).toBeGreaterThan(20);

    // One device of the customer: the visitor card with that browser's pages.
    await page.getByRole('link', { name: visitorId }).click();
    await page.getByRole('heading', { name: `Visitor ${visitorId}` }).waitFor();
    expect(await page.locator('.timeline li.event[data-type=pageview]').allTextContents()).toContainEqual(expect.stringContaining('/pricing'));
    expect(await axe(page)).toEqual([]);
  });

  it('filters the table by segment and exports that filter as CSV', async () => {
    await page.goto(`${collector}/dashboard#/visitors`);
    await page.getByLabel('Segment').selectOption('engaged');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url()).toContain('segment=engaged');
    await viewShown(page);
    const shown = await page.locator('tr.link-row td:first-child').allTextContents();
    const members = await api('/visitors?segment=engaged&limit=25');
    expect(shown).toEqual(members.visitors.map((v: any) => v.visitorId));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export this filter as CSV' }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    expect(csv[0]).toMatch(/^visitor_id,customer_id,/);
    expect(csv.slice(1).map((l) => l.split(',')[0]).slice(0, shown.length)).toEqual(shown);
    const shot = await screenshot(page, 'visitors');
    expect(shot.colours).toBeGreaterThan(20);
  });

  it('shows survey results with the NPS gauge and open answers linked to the customer card', async () => {
    await page.getByRole('link', { name: 'Surveys' }).click();
    const section = page.getByRole('region', { name: `Dashboard ${stamp}` });
    await section.waitFor();
    expect(await section.getByRole('img', { name: /NPS for/ }).count()).toBe(1);
    const link = section.getByRole('link', { name: recipient });
    expect(await section.locator('blockquote').allTextContents()).toContain('Faster checkout, please');
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'surveys');
    await link.click();
    await page.getByRole('heading', { name: `Customer ${recipient}` }).waitFor();
  });

  it('shows segment sizes from the snapshot, then signs out and forgets the key', async () => {
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByTestId('segment-sizes').waitFor();
    const history = await api('/segments/history');
    const latest = Math.max(...history.days.map((d: any) => d.day));
    const engaged = history.days.find((d: any) => d.day === latest && d.segment === 'engaged');
    const row = page.getByRole('row', { name: /^engaged/ });
    expect(await row.locator('td').nth(1).textContent()).toBe(engaged.size.toLocaleString('en-GB'));
    expect(await axe(page)).toEqual([]);
    await screenshot(page, 'segments');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.goto(`${collector}/dashboard#/visitors`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await axe(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});
