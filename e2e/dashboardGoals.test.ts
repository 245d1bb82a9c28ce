/**
 * The Goals view and the lifetime value on the customer card, in Chromium against wrangler dev, on data
 * seeded here with known answers (and the dashboard seed's goals, funnel and server orders).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
// @ts-expect-error plain ESM module of the example
import { FUNNEL as SEED_FUNNEL, seedRevenue } from '../examples/dashboard-seed/revenueSeed.mjs';
import { launchBrowser, type Browser } from './lib/browser';
import { DEV_READ_KEY } from './lib/journey';

const collector = inject('collectorUrl');
const DEV_WRITE_KEY = 'demo-write-key';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const stamp = Date.now().toString(36);
const customer = `goals-${stamp}@example.com`;
let browser: Browser;
let page: Page;
let funnelId: string;

const write = async (path: string, body: unknown) => {
  const res = await fetch(`${collector}/v1/sites/demo${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_WRITE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBe(201);
  return (await res.json()) as any;
};
const api = async (path: string) => {
  const res = await fetch(`${collector}/v1/sites/demo${path}`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as any;
};

async function axe(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  return p.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}
const viewShown = (p: Page) =>
  p.waitForFunction(() => (performance.getEntriesByName('hoptrail:view-ready').at(-1) as PerformanceMark | undefined)?.detail === location.hash);

/**
 * Three visitors through view → cart → purchase: the first all the way (+10 s, +70 s, and identified as
 * `customer`), the second to the cart (+30 s), the third views only. Entered 3; cart 2, median 20 s;
 * purchase 1, median 60 s. The first landed from Google (organic search), the second from a newsletter
 * (email); the third sent no page view, so their session has no row (channel unknown).
 */
async function seedJourneys() {
  const now = Date.now() - 3600_000;
  let n = 0;
  const ev = (visitor: string, at: number, e: Record<string, unknown>) => ({
    id: `0190f0f0-0000-7000-9000-${(Number.parseInt(stamp, 36) % 1e9).toString(16).padStart(8, '0')}${(n++).toString(16).padStart(4, '0')}`,
    site: 'demo',
    visitorId: `goals-${stamp}-${visitor}`,
    sessionId: `goals-${stamp}-${visitor}-s`,
    seq: n,
    ts: now + at * 1000,
    url: 'https://shop.example/product.html',
    ...e,
  });
  const view = { type: 'event', name: `goal_view_${stamp}`, props: {} };
  const cart = { type: 'event', name: `goal_cart_${stamp}`, props: { sku: 'tent-2p' } };
  const land = (referrer: string | undefined, url: string) => ({ type: 'pageview', url, props: { title: 'Tent', ...(referrer && { referrer }) } });
  const events = [
    ev('a', -5, land('https://www.google.com/', 'https://shop.example/product.html')),
    ev('b', -5, land(undefined, 'https://shop.example/product.html?utm_source=newsletter&utm_medium=email&utm_campaign=tents')),
    ev('a', 0, view), ev('a', 10, cart), ev('a', 70, { type: 'purchase', props: { value: 49.9, currency: 'EUR', orderId: `goals-${stamp}-1` } }),
    ev('a', 80, { type: 'identify', props: { customerId: customer } }),
    ev('b', 0, view), ev('b', 30, cart),
    ev('c', 0, view),
  ];
  const res = await fetch(`${collector}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA }, body: JSON.stringify({ events }) });
  expect(await res.json()).toEqual({ accepted: events.length, duplicates: 0, refused: [] });
}

beforeAll(async () => {
  await seedRevenue({ api: collector });
  await seedJourneys();
  await write('/goals', { name: `Cart ${stamp}`, matcher: { kind: 'event', name: `goal_cart_${stamp}`, props: { sku: 'tent-2p' } } });
  const { funnel } = await write('/funnels', {
    name: `Known funnel ${stamp}`,
    windowMs: 3600_000,
    steps: [
      { name: 'Viewed', matcher: { kind: 'event', name: `goal_view_${stamp}` } },
      { name: 'Added to cart', matcher: { kind: 'event', name: `goal_cart_${stamp}` } },
      { name: 'Bought', matcher: { kind: 'purchase' } },
    ],
  });
  funnelId = funnel.id;
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${collector}/dashboard`);
  await page.getByLabel('Site id').fill('demo');
  await page.getByLabel('Read key').fill(DEV_READ_KEY);
  await page.getByLabel('Read key').press('Enter');
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the Goals view in Chromium', () => {
  it('lists every goal with the conversions the API reports', async () => {
    await page.getByRole('link', { name: 'Goals' }).click();
    await page.getByTestId('goal-conversions').waitFor();
    await viewShown(page);
    const row = page.getByRole('row', { name: new RegExp(`^Cart ${stamp}`) });
    expect(await row.locator('td').allTextContents()).toEqual(['Event goal_cart_' + stamp + ' with sku = tent-2p', '2', '2']);
    const report = await api(`/goals/report`);
    const shown = await page.locator('[data-testid=goal-conversions] tbody th').allTextContents();
    expect(shown).toEqual(report.goals.map((g: any) => g.name));
    // The dashboard seed's goals are there too.
    expect(shown).toEqual(expect.arrayContaining(['Saw pricing', 'Added to cart', 'Purchase']));
    expect(await axe(page)).toEqual([]);
  });

  it('shows a funnel with its known drop-offs and median times, and splits it by segment and by channel', async () => {
    await page.getByRole('combobox', { name: 'Funnel' }).selectOption({ label: `Known funnel ${stamp}` });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.url()).toContain(`funnel=${funnelId}`);
    await viewShown(page);
    const rows = await page.locator('[data-testid=funnel-steps]').first().locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)),
    );
    expect(rows).toEqual([
      ['Viewed', '3', '100 %', '100 %', '0', '–'],
      ['Added to cart', '2', '66.7 %', '66.7 %', '1', '20 s'],
      ['Bought', '1', '50 %', '33.3 %', '1', '1 min'],
    ]);
    expect(await page.getByRole('img', { name: new RegExp(`Known funnel ${stamp}: people per step`) }).locator('rect').count()).toBe(3);
    expect(await axe(page)).toEqual([]);

    // Split by a built-in segment: one table per group, the groups adding up to everyone.
    await page.getByRole('combobox', { name: 'Split by' }).selectOption('segment:engaged');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.url()).toContain('segment=engaged');
    await viewShown(page);
    const report = await api(`/funnels/${funnelId}/report?segment=engaged`);
    const tables = page.locator('[data-testid=funnel-steps]');
    expect(await tables.count()).toBe(1 + report.split.groups.length);
    const entered = report.split.groups.reduce((n: number, g: any) => n + g.steps[0].people, 0);
    expect(entered).toBe(3);
    expect(await axe(page)).toEqual([]);

    // Split by channel: the session each person entered in; no session row is "Unknown", shown, not dropped.
    await page.getByRole('combobox', { name: 'Split by' }).selectOption({ label: 'Channel' });
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.url()).toContain('split=channel');
    await viewShown(page);
    const byChannel = await page.locator('[data-testid=funnel-steps]').evaluateAll((tables) =>
      tables.slice(1).map((t) => [t.querySelector('caption')!.textContent, ...Array.from(t.querySelectorAll('tbody tr td:first-of-type')).map((td) => td.textContent)]),
    );
    expect(byChannel.sort()).toEqual([
      ['Channel: Email', '1', '1', '0'],
      ['Channel: Organic search', '1', '1', '1'],
      ['Channel: Unknown (no session)', '1', '0', '0'],
    ]);
    expect(await axe(page)).toEqual([]);

    // The dashboard seed's funnel is selectable.
    expect(await page.getByRole('combobox', { name: 'Funnel' }).locator('option').allTextContents()).toContain(SEED_FUNNEL.name);
  });

  it('shows the lifetime value on the customer card', async () => {
    await page.goto(`${collector}/dashboard#/customers/${encodeURIComponent(customer)}`);
    await page.getByRole('heading', { name: `Customer ${customer}` }).waitFor();
    expect(await page.getByTestId('lifetime-value').textContent()).toBe('€49.90 from 1 order');
    expect(await page.locator('.timeline li.event[data-type=purchase]').allTextContents()).toEqual([expect.stringContaining(`Purchase €49.90 · order goals-${stamp}-1`)]);
    expect(await axe(page)).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});
