import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { DEV_READ_KEY } from './journey';
import { DEV_WRITE_KEY } from './surveys';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page, one line each (run by evaluate: the dashboard's CSP refuses inline scripts). */
export async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

/** Waits until the dashboard has rendered the view its address names (its view-ready mark). */
export const viewShown = (page: Page) =>
  page.waitForFunction(() => (performance.getEntriesByName('hoptrail:view-ready').at(-1) as PerformanceMark | undefined)?.detail === location.hash);

/** Signs in through the form, with the write key too when `edit`, and waits for the overview. */
export async function signIn(page: Page, collector: string, edit = true) {
  await page.goto(`${collector}/dashboard/#/overview`);
  await page.getByLabel('Site id').fill('demo');
  await page.getByLabel('Read key').fill(DEV_READ_KEY);
  if (edit) await page.getByLabel('Write key (optional)').fill(DEV_WRITE_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}

/** The accessible name of the focused element, as a keyboard user hears it (label, aria-label or text). */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return '';
    return (el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });

/** Presses Tab (Shift+Tab when `back`) until the control named `name` has focus. */
export async function tabTo(page: Page, name: string, back = false) {
  for (let i = 0; i < 300; i++) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`no control named "${name}" reached with the keyboard`);
}
