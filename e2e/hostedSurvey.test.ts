import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { readmeScreenshot } from './lib/readmeScreenshot';
import { launchBrowser, type Browser } from './lib/browser';
import { DEV_READ_KEY, fetchJourney, type ApiEvent } from './lib/journey';

const collector = inject('collectorUrl');
const DEV_WRITE_KEY = 'demo-write-key';
const root = path.resolve(__dirname, '..');
// A mail client's user agent: headless Chromium's own ("HeadlessChrome") is, rightly, a scanner.
const READER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const SCANNER_UA = 'Mozilla/5.0 (compatible; Mimecast-Scanner/3.1)';
const SURVEY = `hosted-nps-${Date.now()}`;
const run = promisify(execFile);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'hoptrail-hosted-'));
let browser: Browser;

beforeAll(async () => {
  const res = await fetch(`${collector}/v1/sites/demo/surveys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEV_WRITE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: SURVEY,
      name: 'Hosted NPS',
      title: 'Your opinion',
      // A pop-up on the site; its hosted page shows it inline all the same. Its pages are one no other
      // test visits, so it never pops up on theirs (they share this shard's collector).
      placement: { kind: 'popup' },
      targeting: { include: [{ match: 'exact', value: `/only-${SURVEY}` }] },
      questions: [
        { id: 'nps', type: 'nps', text: 'How likely are you to recommend us to a friend?' },
        { id: 'better', type: 'text', text: 'What could we do better?', required: false, showIf: { question: 'nps', max: 6 } },
      ],
    }),
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await fetch(`${collector}/v1/sites/demo/surveys/${SURVEY}`, { method: 'DELETE', headers: { authorization: `Bearer ${DEV_WRITE_KEY}` } });
});
beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  expect(browser.pageErrors).toEqual([]);
  await browser?.close();
});

/** Prepares a mail with the one-click row through the CLI; the recipient's mail, merge field filled. */
async function preparedMail(recipient: string): Promise<string> {
  const html = path.join(dir, 'mail.html');
  const out = path.join(dir, `${recipient}.html`);
  const recipients = path.join(dir, `${recipient}.csv`);
  const tokens = path.join(dir, `${recipient}.tokens.csv`);
  writeFileSync(html, '<html><body><h1>Thanks for your order</h1><!--hoptrail:nps--></body></html>');
  writeFileSync(recipients, `${recipient}\n`);
  await run(
    'node',
    ['cli/hoptrail.mjs', 'newsletter', 'prepare', '--campaign', `hosted-${Date.now()}`, '--in', html, '--out', out, '--recipients', recipients, '--tokens-out', tokens, '--nps', SURVEY,
      // Sent an hour ago: a click seconds after the send would be taken for a link scanner.
      '--sent-at', new Date(Date.now() - 3600_000).toISOString()],
    { cwd: root, env: { ...process.env, HOPTRAIL_API: collector } },
  );
  const token = readFileSync(tokens, 'utf8').trim().split('\n')[1].split(',')[1];
  return readFileSync(out, 'utf8').split('*|HT|*').join(token);
}

/** axe-core's violations. Evaluated through the DevTools protocol: the page's CSP forbids an inline script tag. */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/** The mail's link for a score (its accessible name says it). */
const scoreLink = (mail: string, score: number) => mail.match(new RegExp(`<a href="([^"]+)"[^>]*aria-label="${score} of 10"`))![1].replace(/&amp;/g, '&');

/** Events matching `done`, polled from a journey (no fixed waits). */
async function until(read: () => Promise<ApiEvent[]>, done: (events: ApiEvent[]) => boolean): Promise<ApiEvent[]> {
  let events: ApiEvent[] = [];
  // What was read last is returned either way: the assertions that follow say what was missing.
  await vi
    .waitFor(
      async () => {
        events = await read();
        if (!done(events)) throw new Error('not yet');
      },
      { timeout: 20_000, interval: 200 },
    )
    .catch(() => {});
  return events;
}

const customerJourney = async (customerId: string) => {
  const res = await fetch(`${collector}/v1/sites/demo/customers/${encodeURIComponent(customerId)}/journey?limit=1000`, {
    headers: { authorization: `Bearer ${DEV_READ_KEY}` },
  });
  return res.ok ? ((await res.json()) as { events: ApiEvent[] }).events : [];
};
const answers = (events: ApiEvent[]) => events.filter((e) => e.type === 'survey_answered' && e.props?.surveyId === SURVEY);

describe('one-click NPS from a prepared e-mail, on the hosted survey page', () => {
  it("records the clicked score in the recipient's journey and shows the follow-up question", async () => {
    const recipient = `nps-reader-${Date.now()}@example.com`;
    const mail = await preparedMail(recipient);
    const page = await browser.newPage();
    await page.setViewportSize({ width: 480, height: 520 });
    await page.setExtraHTTPHeaders({ 'user-agent': READER_UA });
    await page.goto(scoreLink(mail, 3));
    expect(new URL(page.url()).pathname).toBe(`/s/demo/${SURVEY}`);

    // The score is answered on load, so the widget is already at the follow-up for a detractor.
    const followUp = page.getByLabel('What could we do better?');
    await followUp.waitFor();
    const journey = await until(() => customerJourney(recipient), (events) => answers(events).length > 0);
    const [answer] = answers(journey);
    expect(answer.props).toMatchObject({ questionId: 'nps', questionType: 'nps', value: 3, channel: 'email', trigger: 'api' });
    expect(String(answer.props!.responseId)).toMatch(/^nl-/);
    // The identity travelled as ht_nl and the SDK took it out of the address.
    expect(page.url()).not.toContain('ht_nl');

    expect(await axe(page)).toEqual([]);
    await readmeScreenshot(page, 'hosted-survey');

    await followUp.fill('Faster delivery, please');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you for your feedback!').waitFor();
    const after = await until(() => customerJourney(recipient), (events) => answers(events).length > 1);
    expect(answers(after).map((e) => e.props!.value)).toEqual([3, 'Faster delivery, please']);
  });

  it("records nothing for a scanner's click until the person confirms the score", async () => {
    const mail = await preparedMail(`nps-scanned-${Date.now()}@example.com`);
    const page = await browser.newPage();
    // The click passes through a link scanner (a security proxy in the path): /c/ sees its user agent.
    await page.route('**/c/**', (route) => route.continue({ headers: { ...route.request().headers(), 'user-agent': SCANNER_UA } }));
    await page.goto(scoreLink(mail, 5));
    const send = page.getByRole('button', { name: 'Send my score: 5' });
    await send.waitFor();
    const visitorId = await page.evaluate(() => (window as unknown as { hoptrail: { visitorId(): string } }).hoptrail.visitorId());
    // The page's own pageview arrives; no answer came with it, and no widget was shown.
    const before = await until(() => fetchJourney(collector, visitorId), (events) => events.some((e) => e.type === 'pageview'));
    expect(before.some((e) => e.type === 'pageview')).toBe(true);
    expect(answers(before)).toEqual([]);
    expect(await page.locator('[data-hoptrail-widget]').count()).toBe(0);
    expect(await axe(page)).toEqual([]);

    const pressed = Date.now();
    await send.click();
    await page.getByLabel('What could we do better?').waitFor();
    const events = await until(() => fetchJourney(collector, visitorId), (e) => answers(e).length > 0);
    const recorded = answers(events);
    expect(recorded.map((e) => e.props!.value)).toEqual([5]);
    expect((recorded[0] as ApiEvent & { ts: number }).ts).toBeGreaterThanOrEqual(pressed);
  });
});
