import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchShared, widget } from './lib/surveys';

const collector = inject('collectorUrl');
let shared: Awaited<ReturnType<typeof launchShared>>;

beforeAll(async () => {
  shared = await launchShared();
});
afterAll(() => shared?.close());

// The example site (examples/site) with the surveys scripts/prepare-dev-db.mjs seeds for `demo`.
describe('the example site', () => {
  it('shows the inline CSAT on the product page', async () => {
    const { context } = await shared.newContext();
    const page = await context.newPage();
    // Wait for the widget itself, not for every subresource's `load` (wrangler dev's proxy has been seen
    // to hold one request of a fresh run for over 30 s; the survey does not need it).
    await page.goto(`${collector}/product`, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.getByRole('region', { name: 'Rate this page' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await widget(page).locator('legend').textContent()).toBe('How satisfied are you with this product page?');
    await context.close();
  });

  it('asks how easy it was after the support chat (Crisp stand-in) ends, in a centred dialog', async () => {
    const { context } = await shared.newContext();
    const page = await context.newPage();
    // The page has data-debug: the console says when Hoptrail's Crisp adapter is in.
    const hooked = page.waitForEvent('console', (m) => m.text().includes('chat widget hooked: crisp'));
    await page.goto(`${collector}/support`);
    await page.waitForFunction(() => !(window as any).hoptrail.q);
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
    // A real conversation through the example's Crisp stand-in: chat_ended comes from the chat adapter.
    await hooked;
    await page.click('#chat-open');
    await page.fill('#chat-input', 'Is my order shipped?');
    await page.click('#chat-send');
    await page.waitForSelector('#chat-log li.agent');
    await page.click('#chat-close');
    const dialog = page.getByRole('dialog', { name: 'About your chat' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    await context.close();
  });
});
