import puppeteer, { type ElementHandle } from 'puppeteer-core';
import { find, type Engine } from './engine';

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi by puppeteer-core (which never downloads
 * a browser). Puppeteer gives it a fresh temporary profile: a new visitor.
 */
export async function launchFirefox(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
  });
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err instanceof Error ? err.message : String(err)));

  const element = async (selector: string, text?: string) => {
    const handle = (await page.evaluateHandle(find, selector, text ?? null)).asElement() as ElementHandle<Element> | null;
    if (!handle) throw new Error(`no element ${selector}${text ? ` "${text}"` : ''}`);
    return handle;
  };
  return {
    name: 'firefox',
    pageErrors,
    page: {
      goto: async (url) => void (await page.goto(url)),
      // Puppeteer's handle-aware typing is wider than the scenarios need.
      evaluate: (fn, ...args) => page.evaluate(fn as (...a: unknown[]) => unknown, ...args) as never,
      click: async (selector, text) => (await element(selector, text)).click(),
      type: async (selector, text) => (await element(selector)).type(text),
    },
    close: () => browser.close(),
  };
}
