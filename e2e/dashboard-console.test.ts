import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { ConsoleMessage, Page } from 'playwright-core';
import { launchBrowser, type Browser } from './lib/browser';
import { viewShown } from './lib/dashboardPage';
import { DEV_READ_KEY } from './lib/journey';
import { createSurvey, DEV_WRITE_KEY } from './lib/surveys';

const collector = inject('collectorUrl');
const stamp = Date.now().toString(36);
const customer = `console-${stamp}@example.com`;
const surveyId = `console-${stamp}`;
let browser: Browser;
let page: Page;
let visitorId: string;
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  // Someone to show on the cards: a visitor of the example site who signs in.
  const site = await browser.newPage();
  await site.goto(`${collector}/pricing`, { waitUntil: 'domcontentloaded' });
  await site.waitForFunction(() => (window as any).hoptrail && !(window as any).hoptrail.q);
  visitorId = await site.evaluate((c) => {
    (window as any).hoptrail.identify(c);
    (window as any).hoptrail.flush();
    return (window as any).hoptrail.visitorId() as string;
  }, customer);
  await site.close();
  await vi.waitFor(
    async () => {
      const res = await fetch(`${collector}/v1/sites/demo/customers/${encodeURIComponent(customer)}/journey`, { headers: { authorization: `Bearer ${DEV_READ_KEY}` } });
      if (!res.ok) throw new Error(`no journey for ${customer}: ${res.status}`);
    },
    { timeout: 20_000, interval: 200 },
  );
  // Paused: it never shows on other tests' pages.
  await createSurvey(collector, { id: surveyId, name: `Console ${stamp}`, status: 'paused', questions: [{ id: 'nps', type: 'nps', text: 'Recommend us?' }] });

  page = await browser.newPage();
  // Every frame of the page (the builder's preview too): errors and warnings, including CSP refusals,
  // an invalid `pattern` (Chromium logs it when the field is checked) and failed requests.
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()} ${m.location().url}: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('dashboard console', () => {
  it('logs no error or warning on any view, read-only or with a write key', async () => {
    await page.goto(`${collector}/dashboard/`);
    await page.getByLabel('Site id').fill('demo');
    await page.getByLabel('Read key').fill(DEV_READ_KEY);
    await page.getByLabel('Write key (optional)').fill(DEV_WRITE_KEY);
    // A wrong site id is refused by the browser (an invalid `pattern` would be ignored, and logged).
    await page.getByLabel('Site id').fill('Not A Site');
    expect(await page.getByLabel('Site id').evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
    await page.getByLabel('Site id').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    const views = [
      '#/overview',
      '#/visitors',
      `#/customers/${encodeURIComponent(customer)}`,
      `#/visitors/${encodeURIComponent(visitorId)}`,
      '#/surveys',
      `#/surveys?survey=${surveyId}`,
      '#/surveys/new',
      `#/surveys/${surveyId}/edit`,
      `#/surveys/new?from=${surveyId}`,
      '#/segments',
    ];
    const visited: string[] = [];
    for (const hash of views) {
      await page.evaluate((h) => (location.hash = h), hash);
      await viewShown(page);
      visited.push(hash);
      // Not the error view: each address names a view that rendered.
      expect(await page.getByRole('heading', { name: 'Something went wrong' }).count(), hash).toBe(0);
      // The builder's preview frame rendered the widget (its chunk loaded under the preview's CSP).
      if (/new|edit/.test(hash)) {
        await expect.poll(() => page.frameLocator('iframe[title="Survey preview"]').locator('[data-hoptrail-widget] section').count()).toBe(1);
      }
    }
    expect(visited).toEqual(views);

    // Read-only: the same views (the builder says it needs a write key).
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Read key').fill(DEV_READ_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    for (const hash of views) {
      await page.evaluate((h) => (location.hash = h), hash);
      await viewShown(page);
      expect(await page.getByRole('heading', { name: 'Something went wrong' }).count(), hash).toBe(0);
      if (/new|edit/.test(hash)) expect(await page.getByText('Editing needs a write key').count(), hash).toBe(1);
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(problems).toEqual([]);
  });
});
