import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './lib/browser';
import { DEV_READ_KEY } from './lib/journey';

const collector = inject('collectorUrl');
const DEV_WRITE_KEY = 'demo-write-key';
const HOUR = 3_600_000;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const stamp = Date.now().toString(36);
let browser: Browser;
let page: Page;

const api = async (p: string) => {
  const res = await fetch(`${collector}/v1/sites/demo${p}`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
  expect(res.status, p).toBe(200);
  return (await res.json()) as any;
};
const post = async (p: string, body?: unknown) => {
  const res = await fetch(`${collector}/v1/sites/demo${p}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_WRITE_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, p).toBeLessThan(300);
  return (await res.json()) as any;
};

async function axe(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  return p.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/** Opens a dashboard address and waits for its view-ready mark. */
async function open(hash: string) {
  await page.goto(`${collector}/dashboard/${hash}`);
  await page.waitForFunction(() => (performance.getEntriesByName('hoptrail:view-ready').at(-1) as PerformanceMark | undefined)?.detail === location.hash);
  expect(await page.locator('main').innerText()).not.toMatch(/\bnull\b|\bundefined\b|\bNaN\b/);
}

beforeAll(async () => {
  // Three customers with tickets resolved after 2, 4 and 6 hours, and one page view each (via server events).
  await post('/server-events', {
    events: [2, 4, 6].map((h) => ({
      id: `speed-${stamp}-${h}`,
      type: 'ticket_resolved',
      customerId: `speed-${stamp}-${h}`,
      ts: Date.now() - HOUR,
      props: { helpdesk: 'zendesk', ticketId: `T-${stamp}-${h}`, resolutionMs: h * HOUR },
    })),
  });
  await post('/clusters/recompute');
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

describe('dashboard insight views in Chromium', () => {
  it('lists the clusters the API computed, links to their members, and the card names the cluster', async () => {
    const clusters = await api('/clusters');
    await open('#/clusters');
    const rows = page.locator('[data-testid=cluster-groups] tbody tr');
    expect(await rows.count()).toBe(clusters.groups.length);
    const first = clusters.groups[0];
    expect(await rows.first().textContent()).toContain(first.description);
    expect(await axe(page)).toEqual([]);

    await rows.first().getByRole('link', { name: first.id }).click();
    await page.getByRole('heading', { name: 'Visitors and customers' }).waitFor();
    const members = await api(`/visitors?segment=cluster:${first.id}&limit=5`);
    await page.locator('tr.link-row').first().waitFor();
    expect(await page.locator('tr.link-row td:first-child').first().textContent()).toBe(members.visitors[0].visitorId);

    await open(`#/visitors/${encodeURIComponent(members.visitors[0].visitorId)}`);
    expect(await page.getByTestId('cluster').textContent()).toBe(`Cluster: ${first.id} (${first.description})`);
  });

  it('shows the Happy Index check as the API measures it', async () => {
    const v = await api('/scores/validity');
    await open('#/happy-index');
    const auc = await page.getByTestId('auc').textContent();
    const two = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
    expect(auc).toBe(v.happyIndex ? `${two(v.happyIndex.auc)} (95% ${two(v.happyIndex.ci[0])}–${two(v.happyIndex.ci[1])})` : 'not measurable');
    expect(await page.locator('[data-testid=signal-validity] tbody tr').count()).toBe(v.signals.length);
    expect(await axe(page)).toEqual([]);
  });

  it('shows service speed per week with the API’s p50 and p90', async () => {
    const s = await api('/service/speed?days=90&bucket=week');
    expect(s.ticketResolution.overall.n).toBeGreaterThanOrEqual(3);
    await open('#/service');
    const rows = page.locator('[data-testid=ticket-speed] tbody tr');
    expect(await rows.count()).toBe(s.ticketResolution.buckets.filter((b: any) => b.n > 0).length);
    const text = await page.getByRole('region', { name: /Ticket resolution/ }).textContent();
    const one = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 1 });
    const duration = (ms: number) => (ms >= 2 * HOUR ? `${one(ms / HOUR)} h` : `${one(ms / 60_000)} min`);
    expect(text).toContain(`p50 ${duration(s.ticketResolution.overall.p50)}, p90 ${duration(s.ticketResolution.overall.p90)}`);
    expect(await axe(page)).toEqual([]);
  });
});
