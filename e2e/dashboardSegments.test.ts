import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './lib/browser';
import { DEV_READ_KEY } from './lib/journey';
import { readmeScreenshot } from './lib/readmeScreenshot';

// The segment builder and the export dialog in Chromium: keyboard only, axe, a live count that follows
// the rule, saving through the write API, and an export whose progress ends at the API's row count.
const collector = inject('collectorUrl');
const DEV_WRITE_KEY = 'demo-write-key';
/** Polls that wait for a request through wrangler dev (a count, a whole export) on a busy 2-core machine. */
const NETWORK = { timeout: 15_000 };
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const stamp = Date.now().toString(36);
const eventName = `seg_${stamp}`;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const readApi = async (p: string, init: RequestInit = {}) => {
  const res = await fetch(`${collector}/v1/sites/demo${p}`, { ...init, headers: { authorization: `Bearer ${DEV_READ_KEY}`, 'content-type': 'application/json', ...init.headers } });
  expect(res.status, p).toBe(200);
  return res;
};
const segmentMembers = async (id: string) =>
  ((await (await readApi(`/segments/${id}/members?limit=100`)).json()) as { visitors: { visitorId: string }[] }).visitors.map((v) => v.visitorId);
const previewPeople = async (rule: unknown) => ((await (await readApi('/segments/preview', { method: 'POST', body: JSON.stringify({ rule }) })).json()) as { people: number }).people;

async function axe(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  return p.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

const viewShown = (p: Page) =>
  p.waitForFunction(() => (performance.getEntriesByName('hoptrail:view-ready').at(-1) as PerformanceMark | undefined)?.detail === location.hash);

/** Tabs forward until the focused element matches `test` (at most `max` presses). */
async function tabTo(p: Page, test: string, max = 40) {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    if (await p.evaluate((sel) => document.activeElement?.matches(sel) ?? false, test)) return;
  }
  throw new Error(`no focusable ${test} within ${max} tabs`);
}
const activeLabel = (p: Page) => p.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? document.activeElement?.textContent);
/** Tabs forward to the input whose label is `label`. */
async function tabToLabel(p: Page, label: string, max = 40) {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    if ((await activeLabel(p)) === label) return;
  }
  throw new Error(`no field "${label}" within ${max} tabs`);
}
async function retype(p: Page, text: string) {
  await p.keyboard.press('ControlOrMeta+A');
  await p.keyboard.type(text);
}

beforeAll(async () => {
  browser = await launchBrowser();
  // Three visitors: one did the event 3 times this week, one once, one only viewed a page.
  const now = Date.now();
  let seq = 0;
  const ev = (visitorId: string, type: string, name?: string) => ({
    id: `0190f0f1-0000-7000-8000-${(now + seq).toString(16).padStart(12, '0')}`,
    site: 'demo',
    type,
    ...(name && { name }),
    visitorId,
    sessionId: `session-${stamp}`,
    seq: seq++,
    ts: now - 60_000 + seq,
    url: 'http://localhost/pricing',
    props: type === 'pageview' ? { title: 'Pricing' } : {},
  });
  const events = [
    ev(`fan-${stamp}`, 'event', eventName),
    ev(`fan-${stamp}`, 'event', eventName),
    ev(`fan-${stamp}`, 'event', eventName),
    ev(`one-${stamp}`, 'event', eventName),
    ev(`page-${stamp}`, 'pageview'),
  ];
  const res = await fetch(`${collector}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': UA }, body: JSON.stringify({ sentAt: now, events }) });
  expect(await res.json()).toEqual({ accepted: 5, duplicates: 0, refused: [] });
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const did = (atLeast: number) => ({ did: { type: 'event', name: eventName, atLeast, withinDays: 30 } });

describe('segment builder', () => {
  it('builds a rule with the keyboard, and the live count follows each change', async () => {
    await page.goto(`${collector}/dashboard#/segments`);
    await page.getByLabel('Site id').fill('demo');
    await page.getByLabel('Read key').fill(DEV_READ_KEY);
    await page.getByLabel('Read key').press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.goto(`${collector}/dashboard#/segments`);
    await page.getByRole('heading', { name: 'Segments', exact: true }).waitFor();
    await viewShown(page);

    // Keyboard only from here: to "New segment", then through the form.
    await page.locator('#main').focus();
    await tabTo(page, 'a[href="#/segments/new"]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New segment' }).waitFor();
    await viewShown(page);
    const count = page.getByTestId('segment-count');
    await expect.poll(() => count.textContent(), NETWORK).toMatch(/match/);

    await tabToLabel(page, 'Segment name');
    await page.keyboard.type(`Fans ${stamp}`);
    await tabToLabel(page, 'Event type');
    await page.keyboard.type('event'); // type-ahead selects the option
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)).toBe('event');
    await tabToLabel(page, 'Event name (optional)');
    await page.keyboard.type(eventName);
    await expect.poll(() => count.getAttribute('data-people'), NETWORK).toBe(String(await previewPeople({ all: [{ all: [did(1)] }] })));
    expect(await count.getAttribute('data-people')).toBe('2');

    await tabToLabel(page, 'At least (times)');
    await retype(page, '3');
    await expect.poll(() => count.getAttribute('data-people'), NETWORK).toBe('1');

    // A value the API refuses: its message sits next to the field, which is marked invalid.
    await tabToLabel(page, 'In the last (days)');
    await retype(page, '0');
    const days = page.getByLabel('In the last (days)');
    await expect.poll(() => days.getAttribute('aria-invalid'), NETWORK).toBe('true');
    const note = page.locator(`#${await days.getAttribute('aria-describedby')}`);
    expect(await note.textContent()).toMatch(/rule\.all\[0\]\.all\[0\]\.did\.withinDays/);
    expect(await count.textContent()).toMatch(/Not counted/);
    await retype(page, '30');
    await expect.poll(() => days.getAttribute('aria-invalid'), NETWORK).toBeNull();
    await expect.poll(() => count.getAttribute('data-people'), NETWORK).toBe('1');

    // A second group (did a page view), first joined by AND, then by OR.
    await tabTo(page, 'button.seg-add-group');
    await page.keyboard.press('Enter');
    const both = { all: [{ all: [did(3)] }, { all: [{ did: { type: 'pageview', atLeast: 1, withinDays: 30 } }] }] };
    await expect.poll(() => count.getAttribute('data-people'), NETWORK).toBe(String(await previewPeople(both)));
    await page.getByLabel('People match', { exact: true }).focus();
    await page.keyboard.type('any');
    await expect.poll(async () => count.getAttribute('data-people'), NETWORK).toBe(String(await previewPeople({ any: both.all })));
    expect(Number(await count.getAttribute('data-people'))).toBeGreaterThanOrEqual(2);
    expect(await axe(page)).toEqual([]);
  });

  it('shows the API refusal next to Save, then saves with a write key and lists the segment', async () => {
    const save = page.getByRole('button', { name: 'Save segment' });
    await save.focus();
    await page.keyboard.press('Enter');
    // The tab holds a read key only: the write API's 401 lands on the Save button.
    await expect.poll(() => save.getAttribute('aria-invalid'), NETWORK).toBe('true');
    expect(await page.locator(`#${(await save.getAttribute('aria-describedby'))!.split(' ').at(-1)}`).textContent()).toMatch(/write key/);
    expect(await axe(page)).toEqual([]);

    // What the dashboard's write-mode sign-in stores: the same session with a write key.
    await page.evaluate((writeKey) => {
      const s = JSON.parse(sessionStorage.getItem('hoptrail_dashboard')!);
      sessionStorage.setItem('hoptrail_dashboard', JSON.stringify({ ...s, writeKey }));
    }, DEV_WRITE_KEY);
    await save.focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Saved “Fans ${stamp}”.`).waitFor();
    const list = (await (await readApi('/segments')).json()) as { saved: { id: string; name: string; rule: unknown }[] };
    const seg = list.saved.find((s) => s.name === `Fans ${stamp}`)!;
    expect(seg.rule).toEqual({ any: [{ all: [did(3)] }, { all: [{ did: { type: 'pageview', atLeast: 1, withinDays: 30 } }] }] });
    await readmeScreenshot(page, 'segment-builder');
  });

  it('builds a channel condition with the keyboard, counted as the preview API counts it', async () => {
    await page.goto(`${collector}/dashboard#/segments/new`);
    await page.getByRole('heading', { name: 'New segment' }).waitFor();
    await viewShown(page);
    const count = page.getByTestId('segment-count');
    await page.locator('#main').focus();
    await tabToLabel(page, 'Condition');
    await page.keyboard.type('Came'); // "Came from a channel" comes before "… a campaign"
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)).toBe('channel');
    await tabToLabel(page, 'Channel');
    await page.keyboard.type('Dir');
    expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)).toBe('direct');
    await tabToLabel(page, 'In the last (days) (optional)');
    await page.keyboard.type('1');
    // The seeded page view (no referrer, no tags) started a direct session a minute ago.
    const rule = { all: [{ all: [{ channel: { is: 'direct', withinDays: 1 } }] }] };
    const expected = await previewPeople(rule);
    expect(expected).toBeGreaterThanOrEqual(1);
    await expect.poll(() => count.getAttribute('data-people'), NETWORK).toBe(String(expected));
    expect(await axe(page)).toEqual([]);
  });
});

describe('export dialog', () => {
  let segmentId: string;

  it('exports a saved segment\'s journeys as NDJSON with progress that ends at the API\'s row count', async () => {
    const list = (await (await readApi('/segments')).json()) as { saved: { id: string; name: string }[] };
    segmentId = list.saved.find((s) => s.name === `Fans ${stamp}`)!.id;
    await page.goto(`${collector}/dashboard#/segments`);
    await viewShown(page);
    await page.locator('#main').focus();
    await tabTo(page, `a[aria-label="Export Fans ${stamp}"]`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Export', exact: true }).waitFor();
    await viewShown(page);
    expect(await page.getByLabel('Segment', { exact: true }).inputValue()).toBe(segmentId);
    expect(await axe(page)).toEqual([]);

    // A radio group is one tab stop; the arrow keys choose within it.
    await tabToLabel(page, 'CSV (spreadsheets)');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('NDJSON (one JSON object per line)').isChecked()).toBe(true);
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    const status = page.getByTestId('export-status');
    await expect.poll(() => status.textContent(), NETWORK).toMatch(/^Done/);

    const from = await page.getByLabel('From (UTC day)').inputValue();
    const to = await page.getByLabel('To (UTC day, included)').inputValue();
    const q = new URLSearchParams({ format: 'ndjson', segment: segmentId, from: String(Date.parse(from)), to: String(Date.parse(to) + 86_400_000) });
    const body = await (await readApi(`/exports/journeys?${q}`)).text();
    const apiRows = body.split('\n').filter(Boolean).length;
    expect(apiRows).toBeGreaterThanOrEqual(4); // fan's 3 events, the page view
    expect(await status.getAttribute('data-rows')).toBe(String(apiRows));
    expect(await status.getAttribute('data-bytes')).toBe(String(Buffer.byteLength(body)));

    const link = page.getByRole('link', { name: /^Save journeys\.ndjson/ });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Save journeys\.ndjson/);
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const lines = readFileSync(await (await download).path(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(apiRows);
    // Other tests' visitors may also have viewed a page this month: every row is a member's, ours included.
    const members = await segmentMembers(segmentId);
    const exported = new Set(lines.map((l) => l.visitorId));
    expect([...exported].filter((v) => !members.includes(v))).toEqual([]);
    for (const v of [`fan-${stamp}`, `page-${stamp}`]) expect(exported).toContain(v);
    expect(exported).not.toContain(`one-${stamp}`);
    expect(await link.getAttribute('download')).toBe('journeys.ndjson');
    await page.evaluate(() => window.scrollTo(0, 0));
    await readmeScreenshot(page, 'export-dialog');
  });

  it('exports visitors as CSV with campaign and event types hidden, and the file parses', async () => {
    await page.getByLabel('Visitors: one row per visitor, with Happy Index and segments').check();
    expect(await page.getByLabel('Campaign (optional)').isVisible()).toBe(false);
    await page.getByLabel('CSV (spreadsheets)').check();
    await page.getByRole('button', { name: 'Start export' }).click();
    const status = page.getByTestId('export-status');
    await expect.poll(() => status.textContent(), NETWORK).toMatch(/^Done/);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Save visitors\.csv/ }).click();
    const rows: Record<string, string>[] = parse(readFileSync(await (await download).path(), 'utf8'), { columns: true });
    const members = await segmentMembers(segmentId);
    expect(rows.map((r) => r.visitor_id).sort()).toEqual(members.sort());
    expect(members).toEqual(expect.arrayContaining([`fan-${stamp}`, `page-${stamp}`]));
    expect(await status.getAttribute('data-rows')).toBe(String(members.length));
    expect(await axe(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
