import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './lib/browser';
import { axe, signIn, tabTo, viewShown } from './lib/dashboardPage';
import { readmeScreenshot } from './lib/readmeScreenshot';
import { api } from './lib/surveys';

const collector = inject('collectorUrl');
const stamp = Date.now().toString(36);
const surveyId = `builder-${stamp}`;
const name = `Builder ${stamp}`;
const title = 'Quick question';
let browser: Browser;
let page: Page;

/** The widget inside the preview frame (playwright pierces its open shadow root). */
const preview = (p: Page) => p.frameLocator('iframe[title="Survey preview"]').locator('[data-hoptrail-widget] section');
/** Waits for the builder to land on the saved survey's page; a refusal fails with the API's message. */
async function savedAs(p: Page, heading: string) {
  const refused = p.locator('[data-error-summary]:not([hidden])');
  await p.getByRole('heading', { name: heading }).or(refused).waitFor();
  if (await refused.isVisible()) throw new Error(`not saved: ${await refused.textContent()}`);
}
const stored = async (id: string) => (await api(collector, 'GET', `/surveys/${id}`)).survey;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the preview page (through wrangler dev)', () => {
  it('may be framed by the dashboard only, allows inline style for the widget and nothing else more', async () => {
    const res = await fetch(`${collector}/dashboard/preview/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // The app itself still refuses to be framed and refuses inline style.
    const app = (await fetch(`${collector}/dashboard/`)).headers.get('content-security-policy') ?? '';
    expect(app).toContain("frame-ancestors 'none'");
    expect(app).not.toContain('unsafe-inline');
  });
});

describe('survey builder in Chromium', () => {
  it('creates and publishes a survey with the keyboard only, the real widget previewing each edit', async () => {
    // Sign in with the keyboard: the form focuses the site id.
    await page.goto(`${collector}/dashboard/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('demo');
    await tabTo(page, 'Read key');
    await page.keyboard.type('demo-read-key');
    await tabTo(page, 'Write key (optional)');
    await page.keyboard.type('demo-write-key');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.locator('#who').textContent()).toBe('Site: demo (can edit)');

    await tabTo(page, 'Surveys', true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Surveys', exact: true }).waitFor();
    await tabTo(page, 'New survey');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New survey' }).waitFor();
    await viewShown(page);
    expect(await axe(page)).toEqual([]);

    await tabTo(page, 'Name');
    await page.keyboard.type(name);
    await tabTo(page, 'Survey id (optional)');
    await page.keyboard.type(surveyId);
    await tabTo(page, 'Title');
    await page.keyboard.type(title);
    await expect.poll(() => preview(page).getByRole('heading').textContent()).toBe(title);

    // The first question is an NPS with a default text: replace it, and watch the preview follow.
    await tabTo(page, 'Question');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('How likely are you to recommend Hoptrail?');
    await expect.poll(() => preview(page).locator('legend').first().textContent()).toBe('How likely are you to recommend Hoptrail?');

    // A follow-up for detractors: an open text question shown only for a score of 6 or less.
    await tabTo(page, 'New question type');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowDown'); // NPS … Open text
    expect(await page.getByLabel('New question type').inputValue()).toBe('text');
    await tabTo(page, 'Add question');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('questions[1].text');
    await page.keyboard.type('What should we do better?');
    await tabTo(page, 'Required (cannot be skipped)');
    await page.keyboard.press('Space');
    await tabTo(page, 'Ask only after');
    await page.keyboard.press('ArrowDown');
    await page.getByLabel('Answer at most').waitFor();
    await tabTo(page, 'Answer at most');
    await page.keyboard.type('6');

    // Only on the pages of this run, so it never shows on other tests' pages.
    await tabTo(page, 'Add show on pages rule');
    await page.keyboard.press('Enter');
    await page.keyboard.type(`marketer=${stamp}`);
    expect(await axe(page)).toEqual([]);
    // The README's picture: the top of the builder, with the preview beside it (the viewport, not the whole form).
    await page.evaluate(() => scrollTo(0, 0));
    await readmeScreenshot(page, 'survey-builder');

    await tabTo(page, 'Publish');
    await page.keyboard.press('Enter');
    await savedAs(page, `Edit survey ${name}`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Published' }).textContent()).toContain(`“${name}” is live`);

    const survey = await stored(surveyId);
    expect(survey).toMatchObject({
      id: surveyId,
      name,
      title,
      status: 'active',
      questions: [
        { id: 'score', type: 'nps', text: 'How likely are you to recommend Hoptrail?', required: true },
        { id: 'q2', type: 'text', text: 'What should we do better?', required: false, showIf: { question: 'score', max: 6 } },
      ],
      targeting: { include: [{ match: 'contains', value: `marketer=${stamp}` }] },
      placement: { kind: 'popup', position: 'corner' },
    });
  });

  it('previews a translation in its language, and the theme the site would set', async () => {
    await page.goto(`${collector}/dashboard/#/surveys/${surveyId}/edit`);
    await viewShown(page);
    await page.getByLabel('Language code').fill('it');
    await page.getByRole('button', { name: 'Add language' }).click();
    await page.getByLabel('Question 1 (it)').fill('Quanto ci consiglieresti?');
    await page.getByLabel('Preview in language').selectOption('it');
    await expect.poll(() => preview(page).locator('legend').first().textContent()).toBe('Quanto ci consiglieresti?');
    // The widget's own words follow the language too (its close button).
    expect(await preview(page).getByRole('button', { name: 'Chiudi' }).count()).toBe(1);

    await page.getByLabel('Accent colour').fill('#aa0000');
    await expect.poll(() => page.getByTestId('theme-css').textContent()).toContain('--hoptrail-accent: #aa0000;');
    const frame = page.frameLocator('iframe[title="Survey preview"]');
    await expect.poll(() => frame.locator('html').evaluate((el) => getComputedStyle(el).getPropertyValue('--hoptrail-accent'))).toBe('#aa0000');

    await page.getByRole('button', { name: 'Save and keep live' }).click();
    await expect.poll(async () => (await stored(surveyId)).translations).toEqual({ it: { questions: { score: { text: 'Quanto ci consiglieresti?' } } } });
    expect(await axe(page)).toEqual([]);
  });

  it("shows the API's 400 next to the field it names, and saves once it is fixed", async () => {
    await page.goto(`${collector}/dashboard/#/surveys/new`);
    await viewShown(page);
    await page.getByLabel('Name', { exact: true }).fill(`Bad ${stamp}`);
    await page.getByRole('button', { name: 'Add question' }).click();
    const secondId = page.locator('[data-field="questions[1].id"]');
    await secondId.fill('score'); // the first question's id
    await page.getByLabel('Question', { exact: true }).nth(1).fill('Anything else?');
    await page.getByRole('button', { name: 'Save as paused draft' }).click();

    await expect.poll(() => secondId.getAttribute('aria-invalid')).toBe('true');
    const described = (await secondId.getAttribute('aria-describedby'))!.split(' ');
    const messages = await Promise.all(described.map((id) => page.locator(`#${id}`).textContent()));
    expect(messages).toContain('questions[1].id: is used by an earlier question');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('questions[1].id');
    expect(await page.getByRole('alert').textContent()).toContain('questions[1].id');
    expect(await axe(page)).toEqual([]);

    await secondId.fill('more');
    await page.getByRole('button', { name: 'Save as paused draft' }).click();
    await page.getByRole('heading', { name: `Edit survey Bad ${stamp}` }).waitFor();
    expect(await secondId.count()).toBe(1);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
  });

  it('duplicates, pauses, publishes and deletes from the survey list', async () => {
    await page.goto(`${collector}/dashboard/#/surveys`);
    await viewShown(page);
    await page.getByRole('link', { name: `Duplicate ${name}` }).click();
    await page.getByRole('heading', { name: 'New survey' }).waitFor();
    await viewShown(page);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(`${name} (copy)`);
    await page.getByLabel('Survey id (optional)').fill(`${surveyId}-copy`);
    await page.getByRole('button', { name: 'Save as paused draft' }).click();
    await page.getByRole('heading', { name: `Edit survey ${name} (copy)` }).waitFor();
    const copy = await stored(`${surveyId}-copy`);
    expect(copy.status).toBe('paused');
    expect(copy.questions).toEqual((await stored(surveyId)).questions);

    await page.getByRole('link', { name: 'All surveys' }).click();
    await viewShown(page);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: `Publish ${name} (copy)` }).click();
    await expect.poll(async () => (await stored(`${surveyId}-copy`)).status).toBe('active');
    await page.getByRole('button', { name: `Pause ${name} (copy)` }).waitFor();
    await page.getByRole('button', { name: `Delete ${name} (copy)` }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Yes, delete ${name} (copy)`);
    await page.keyboard.press('Enter');
    await expect.poll(() => fetch(`${collector}/v1/sites/demo/surveys/${surveyId}-copy`, { headers: { authorization: 'Bearer demo-read-key' } }).then((r) => r.status)).toBe(404);
    await page.getByRole('region', { name: `${name} (copy)` }).waitFor({ state: 'detached' });
  });
});

describe('the marketer flow', () => {
  it('the survey built in the dashboard shows on the example site, and the answer is in its results', async () => {
    const visitor = await launchBrowser();
    try {
      const site = await visitor.newPage();
      await site.goto(`${collector}/pricing?marketer=${stamp}`, { waitUntil: 'domcontentloaded' });
      const dialog = site.getByRole('dialog', { name: title });
      await expect.poll(() => dialog.isVisible(), { timeout: 30_000 }).toBe(true);
      await dialog.locator('label').filter({ has: site.getByRole('radio', { name: '9', exact: true }) }).click();
      await dialog.getByRole('button', { name: /^(Next|Send)$/ }).click();
      await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Thank you for your feedback!');
      await site.evaluate(() => (window as any).hoptrail.flush());
      await expect.poll(async () => (await api(collector, 'GET', `/surveys/${surveyId}/results`)).responses, { timeout: 20_000 }).toBe(1);
      expect(visitor.pageErrors).toEqual([]);
    } finally {
      await visitor.close();
    }

    await page.goto(`${collector}/dashboard/#/surveys/${surveyId}/edit`);
    await viewShown(page);
    await page.getByRole('link', { name: 'Results of this survey' }).click();
    await page.getByRole('heading', { name: `Survey results: ${name}` }).waitFor();
    const section = page.getByRole('region', { name });
    expect(await section.locator('.note').first().textContent()).toMatch(/1 shown · 1 responses · 1 completed/);
    expect(await section.getByRole('img', { name: /NPS for/ }).count()).toBe(1);
    expect(await axe(page)).toEqual([]);

    // Paused again, so it never shows on other tests' pages.
    await page.getByRole('button', { name: `Pause ${name}` }).click();
    await expect.poll(async () => (await stored(surveyId)).status).toBe('paused');
    expect(browser.pageErrors).toEqual([]);
  });
});
