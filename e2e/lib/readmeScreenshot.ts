import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * The README's pictures come from the tests that walk the same flows. They are written only when asked
 * (`HOPTRAIL_SCREENSHOTS=1 npx vitest run --project e2e <file>`), so `npm test` never changes a tracked file.
 */
export async function readmeScreenshot(page: Page, name: string) {
  if (process.env.HOPTRAIL_SCREENSHOTS !== '1') return;
  const file = path.resolve(import.meta.dirname, '../../docs/img', `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, await page.screenshot());
}
