import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
// @ts-expect-error plain ESM generator shared with the benchmarks and examples/dashboard-seed
import { seed } from '../bench/lib/dashboardSeed.mjs';
// @ts-expect-error plain ESM module of the example
import { seedRevenue } from '../examples/dashboard-seed/revenueSeed.mjs';
import { launchBrowser, type Browser } from './lib/browser';
import { DEV_READ_KEY } from './lib/journey';

/**
 * The Sources view in Chromium on the seeded demo site (examples/dashboard-seed's generator, small):
 * the channels table (with conversions and net revenue per currency) and device breakdowns show what
 * the reports API says, grouping by campaign and choosing a goal work from the form, and the page
 * passes axe.
 */
const collector = inject('collectorUrl');
const DAY = 86_400_000;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let browser: Browser;
let page: Page;

const api = async (p: string) => {
  const res = await fetch(`${collector}/v1/sites/demo${p}`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
  expect(res.status, p).toBe(200);
  return (await res.json()) as any;
};

async function axe(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  return p.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/**
 * Waits until the dashboard has rendered the view and filter its address names (its view-ready mark).
 * On a timeout the error says what the page showed instead (an API error, or still loading).
 */
const viewShown = (p: Page) =>
  p
    .waitForFunction(() => (performance.getEntriesByName('hoptrail:view-ready').at(-1) as PerformanceMark | undefined)?.detail === location.hash)
    .catch(async (err) => {
      throw new Error(`view not shown at ${p.url()}; main says: ${(await p.locator('main').innerText()).slice(0, 300)}`, { cause: err });
    });

/** A row's cells as the view shows them (en-GB numbers, revenue per currency, never converted). */
const cells = (r: any) => [
  r.label ?? r.key,
  r.visitors.toLocaleString('en-GB'),
  r.sessions.toLocaleString('en-GB'),
  r.happyIndex.toLocaleString('en-GB', { maximumFractionDigits: 1 }),
  r.conversions.toLocaleString('en-GB'),
  r.revenue.length ? r.revenue.map((x: any) => x.net.toLocaleString('en-GB', { style: 'currency', currency: x.currency })).join(' · ') : '–',
];

/** The range the view reads by default: the last 30 days up to the end of today (UTC). */
function defaultRange() {
  const today = Date.parse(new Date().toISOString().slice(0, 10));
  return `from=${today - 29 * DAY}&to=${today + DAY - 1}`;
}

beforeAll(async () => {
  // Small but every channel: the generator's landings cycle through all of them.
  await seed({ api: collector, visitors: 60, events: 1500 });
  // The example's goals (a purchase among them), as examples/dashboard-seed creates them.
  await seedRevenue({ api: collector });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${collector}/dashboard`);
  await page.getByLabel('Site id').fill('demo');
  await page.getByLabel('Read key').fill(DEV_READ_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
});

describe('Sources view', () => {
  it('shows visits by channel as the reports API counts them, and devices', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).click();
    await viewShown(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sources');
    const report = await api(`/reports/channels?${defaultRange()}`);
    // The seed sends sessions from many channels, email and paid search among them.
    expect(report.rows.length).toBeGreaterThanOrEqual(10);
    for (const key of ['direct', 'organic_search', 'paid_search', 'organic_social', 'email', 'referral']) expect(report.rows.map((r: any) => r.key)).toContain(key);
    const rows = await page.locator('[data-testid=channels] tbody tr').allInnerTexts();
    expect(rows).toHaveLength(report.rows.length);
    report.rows.forEach((r: any, i: number) => expect(rows[i].split('\t').map((c) => c.trim())).toEqual(cells(r)));
    // The seed's checkouts and newsletter orders happen in classified sessions: revenue and conversions show.
    expect(report.rows.filter((r: any) => r.revenue.some((x: any) => x.net > 0)).length).toBeGreaterThanOrEqual(3);
    expect(report.rows.find((r: any) => r.key === 'email').revenue.map((x: any) => x.currency)).toContain('EUR');
    expect(report.rows.some((r: any) => r.conversions > 0)).toBe(true);

    const devices = await api(`/reports/devices?${defaultRange()}`);
    expect(devices.deviceTypes.map((d: any) => d.key).sort()).toEqual(expect.arrayContaining(['desktop', 'mobile', 'tablet']));
    const types = await page.locator('[data-testid=device-types]').innerText();
    for (const d of devices.deviceTypes.slice(0, 8)) expect(types).toContain(d.key ?? 'Unknown');
    const browsers = await page.locator('[data-testid=browsers]').innerText();
    for (const name of ['Chrome', 'Safari', 'Firefox']) expect(browsers).toContain(name);
    const countries = await page.locator('[data-testid=countries]').innerText();
    expect(devices.countries.length).toBeGreaterThan(0);
    for (const c of devices.countries.slice(0, 8)) expect(countries).toContain(c.key ?? 'Unknown');
    expect(await page.locator('main').innerText()).not.toMatch(/\bnull\b|\bundefined\b|\bNaN\b/);
    expect(await axe(page)).toEqual([]);
  });

  it('groups by campaign from the form', async () => {
    await page.getByLabel('Group by').selectOption('campaign');
    await page.getByRole('button', { name: 'Apply' }).click();
    await viewShown(page);
    expect(page.url()).toContain('by=campaign');
    const header = await page.locator('[data-testid=channels] thead th').first().textContent();
    expect(header).toBe('Campaign');
    const report = await api(`/reports/channels?${defaultRange()}&by=campaign`);
    const autumn = report.rows.find((r: any) => r.key === 'autumn-sale');
    expect(autumn.sessions).toBeGreaterThan(0);
    const row = page.locator('[data-testid=channels] tbody tr', { has: page.getByRole('rowheader', { name: 'autumn-sale', exact: true }) });
    expect((await row.innerText()).split('\t').map((c) => c.trim())).toEqual(cells(autumn));
    expect(await axe(page)).toEqual([]);
  });

  it('counts the conversions of one goal when chosen', async () => {
    const goals = (await api('/goals')).goals;
    const purchase = goals.find((g: any) => g.matcher.kind === 'purchase');
    await page.getByLabel('Group by').selectOption('channel');
    await page.getByLabel('Conversions of').selectOption(purchase.id);
    await page.getByRole('button', { name: 'Apply' }).click();
    await viewShown(page);
    expect(page.url()).toContain(`goal=${purchase.id}`);
    const report = await api(`/reports/channels?${defaultRange()}&goal=${purchase.id}`);
    const rows = await page.locator('[data-testid=channels] tbody tr').allInnerTexts();
    report.rows.forEach((r: any, i: number) => expect(rows[i].split('\t').map((c) => c.trim())).toEqual(cells(r)));
    // Everyone who bought in a session of a row converted there (the Purchase goal).
    for (const r of report.rows) expect(r.conversions > 0).toBe(r.revenue.length > 0);
    expect(await axe(page)).toEqual([]);
  });
});
