import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Flags for Debian's Chromium on a machine with no network but loopback (see README, "Tests"). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const HEADED_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

export interface Browser {
  context: BrowserContext;
  /** Uncaught page errors: Hoptrail must never cause one. */
  pageErrors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Real headless Chromium with a fresh profile (fresh storage: a new visitor). */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'hoptrail-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // Headless Chromium announces itself ("HeadlessChrome"), and the collector filters such traffic as
    // bots. These tests play a real visitor, so they present the UA of the same Chromium with a head.
    // A command-line flag, not playwright's userAgent option: beacons sent while a page unloads leave
    // from the browser process and would carry the headless UA otherwise.
    args: [...ARGS, `--user-agent=${HEADED_UA}`],
  });
  const pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (err) => pageErrors.push(err.message));
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    pageErrors,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
