import { chromium, type BrowserContext, type Page } from 'playwright-core';

const HEADED_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

/**
 * Debian's `chromium-headless-shell`: the same Chromium build without the browser's UI layer, what
 * playwright itself runs for headless tests. A new context with a page costs it about a fifth of the CPU
 * full `chromium --headless` takes (0.2 s against 1 s here), and the e2e run opens hundreds.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';

/** Flags for Debian's Chromium on a machine with no network but loopback (see README, "Tests"). */
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // A third-party site for the newsletter test (e2e/newsletter.test.ts serves it on a loopback port).
  '--host-resolver-rules=MAP partner.example 127.0.0.1',
  // Headless Chromium announces itself ("HeadlessChrome") and the collector filters such traffic as bots.
  // These tests play real visitors, so the browser presents the UA of the same Chromium with a head; a
  // command-line flag, because beacons sent while a page unloads leave from the browser process and a
  // page-level override (playwright's userAgent option) would not reach them.
  `--user-agent=${HEADED_UA}`,
];

export interface Browser {
  context: BrowserContext;
  /** Uncaught page errors: Hoptrail must never cause one. */
  pageErrors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

let shared: Promise<import('playwright-core').Browser> | undefined;

/** One headless Chromium per test file: each launchBrowser() is a new context in it, not a new process. */
function chromiumProcess() {
  shared ??= chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
  return shared;
}

/** Closes the test file's Chromium (e2e/setup/closeChromium.ts runs this after each file). */
export async function closeChromium() {
  const running = shared;
  shared = undefined;
  await (await running)?.close();
}

/** Real headless Chromium, a fresh context (fresh storage and cookies: a new visitor). */
export async function launchBrowser(): Promise<Browser> {
  const context = await (await chromiumProcess()).newContext();
  const pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (err) => pageErrors.push(err.message));
  context.on('page', watch);
  return {
    context,
    pageErrors,
    newPage: () => context.newPage(),
    close: () => context.close(),
  };
}
