import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  flush,
  popup,
  surveyEvents,
  uniqueId,
  visitorOf,
  useSurveyFixture,
  widget,
} from './lib/surveys';

const collector = inject('collectorUrl');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const fixture = useSurveyFixture(collector);
const { make } = fixture;

const twoQuestions = (id: string, path: string, position = 'centre') =>
  popup(id, path, {
    title: 'Quick question',
    questions: [
      { id: 'score', type: 'nps', text: 'How likely are you to recommend us?' },
      { id: 'csat', type: 'csat', text: 'How satisfied are you?' },
    ],
    placement: { kind: 'popup', position },
  });

/** What has focus, looking through the widget's shadow root. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const outer = document.activeElement;
    const inner = outer?.shadowRoot?.activeElement;
    const el = inner ?? outer;
    return {
      inWidget: !!inner,
      id: el?.id ?? '',
      label: el?.getAttribute('aria-label') ?? el?.getAttribute('value') ?? el?.textContent ?? '',
    };
  });

async function axe(page: Page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

describe('keyboard and focus', () => {
  it('answers a whole survey with the keyboard only: focus moves in, arrows walk the scale, Enter sends', async () => {
    const id = uniqueId('keyboard');
    await make(twoQuestions(id, '/a/keyboard'));
    const { context, pageErrors } = await fixture.shared.newContext();
    const page = await context.newPage();
    await page.goto(fixture.site.page('/a/keyboard'));
    await expect.poll(() => widget(page).isVisible()).toBe(true);
    // Focus moved into the dialog, on the scale.
    expect(await focused(page)).toMatchObject({ inWidget: true, label: '0' });
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ label: '9' });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ label: 'Next' });
    await page.keyboard.press('Enter');
    // Second question: focus on its scale again.
    expect(await focused(page)).toMatchObject({ inWidget: true, label: '1' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => widget(page).getByRole('status').textContent()).toBe('Thank you for your feedback!');

    const visitorId = await visitorOf(page);
    await flush(page);
    const answered = (await surveyEvents(collector, visitorId, 3)).filter((e) => e.type === 'survey_answered');
    expect(answered.map((e) => e.props!.value)).toEqual([9, 3]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps focus inside while open, closes on Escape and gives focus back to where it was', async () => {
    const id = uniqueId('trap');
    await make(popup(id, '/a/trap', { title: 'Quick question', targeting: { include: [{ match: 'exact', value: '/a/trap' }], event: 'open_survey' } }));
    const { context } = await fixture.shared.newContext();
    const page = await context.newPage();
    await page.goto(fixture.site.page('/a/trap'));
    await visitorOf(page);
    await page.focus('#outside');
    await page.evaluate(() => (window as any).hoptrail.track('open_survey'));
    await expect.poll(() => widget(page).isVisible()).toBe(true);
    expect((await focused(page)).inWidget).toBe(true);
    // Around and around: Tab and Shift+Tab never leave the dialog.
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect((await focused(page)).inWidget, key).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => widget(page).count()).toBe(0);
    expect(await focused(page)).toMatchObject({ inWidget: false, id: 'outside' });
    await context.close();
  });
});

describe('what assistive technology gets', () => {
  it('exposes a labelled dialog, a labelled radio group and named buttons (accessibility tree)', async () => {
    const id = uniqueId('aria');
    await make(twoQuestions(id, '/a/aria'));
    const { context } = await fixture.shared.newContext();
    const page = await context.newPage();
    await page.goto(fixture.site.page('/a/aria'));
    const dialog = page.getByRole('dialog', { name: 'Quick question' });
    await expect.poll(() => dialog.count()).toBe(1);
    const tree = await dialog.ariaSnapshot();
    expect(tree).toContain('- dialog "Quick question"');
    expect(tree).toContain('- button "Close"');
    expect(tree).toContain('- heading "Quick question" [level=2]');
    expect(tree).toContain('- group "How likely are you to recommend us?"');
    for (const n of ['0', '5', '10']) expect(tree).toContain(`- radio "${n}"`);
    expect(tree).toContain('- button "Next" [disabled]');
    expect(tree).toMatch(/Not at all likely[\s\S]*Extremely likely/);
    await context.close();
  });

  it('has no axe-core violations: the question, the inline survey and the thank-you', async () => {
    const id = uniqueId('axe');
    const inline = uniqueId('axe-inline');
    await make(twoQuestions(id, '/a/axe', 'corner'));
    await make({
      id: inline,
      name: inline,
      questions: [
        { id: 'stars', type: 'rating', scale: 5, style: 'stars', text: 'Rate this page' },
        { id: 'pick', type: 'multiple', text: 'What did you use?', choices: ['Search', 'Cart'] },
        { id: 'more', type: 'text', text: 'Anything else?', required: false },
      ],
      placement: { kind: 'inline' },
    });
    const { context } = await fixture.shared.newContext();
    const page = await context.newPage();
    await page.goto(fixture.site.page('/a/axe', { body: `<div data-hoptrail-survey="${inline}"></div>` }));
    await expect.poll(() => page.locator('[data-hoptrail-widget]').count()).toBe(2);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('dialog').locator('label').filter({ has: page.getByRole('radio', { name: '10', exact: true }) }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Next' }).click();
    await page.getByRole('dialog').locator('label').filter({ has: page.getByRole('radio', { name: '5', exact: true }) }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('dialog').getByRole('status').textContent()).toBe('Thank you for your feedback!');
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});

describe('look and isolation', () => {
  it("is themed by the site's custom properties and ::part(), and the site's own CSS cannot break it", async () => {
    const id = uniqueId('theme');
    await make(twoQuestions(id, '/a/theme', 'corner'));
    const style = `
      :root { --hoptrail-accent: rgb(122, 0, 25); --hoptrail-radius: 3px; }
      [data-hoptrail-widget]::part(dialog) { border: 4px solid rgb(0, 128, 0); }
      /* A hostile or careless host stylesheet. */
      section, h2, button, label, input, fieldset { display: none !important; color: rgb(255, 0, 0) !important; }
      div { transform: scale(0.1); opacity: 0.1; font-size: 2px; }`;
    const { context } = await fixture.shared.newContext();
    const page = await context.newPage();
    await page.goto(fixture.site.page('/a/theme', { style }));
    await expect.poll(() => widget(page).isVisible()).toBe(true);
    const look = await widget(page).evaluate((el) => {
      const s = getComputedStyle(el);
      const h2 = getComputedStyle(el.querySelector('h2')!);
      const host = getComputedStyle((el.getRootNode() as ShadowRoot).host);
      return { border: s.borderTopColor, radius: s.borderTopLeftRadius, title: h2.color, hostOpacity: host.opacity, hostTransform: host.transform };
    });
    expect(look).toEqual({ border: 'rgb(0, 128, 0)', radius: '3px', title: 'rgb(27, 27, 31)', hostOpacity: '1', hostTransform: 'none' });
    await widget(page).locator('label').filter({ has: page.getByRole('radio', { name: '7', exact: true }) }).click();
    const next = widget(page).getByRole('button', { name: 'Next' });
    expect(await next.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(122, 0, 25)');
    // And it does not leak: the page's own buttons keep the page's rules.
    expect(await page.locator('#outside').isVisible()).toBe(false);
    await context.close();
  });

  it('fits a 320 px wide screen without horizontal scrolling', async () => {
    const id = uniqueId('narrow');
    await make(twoQuestions(id, '/a/narrow'));
    const { context } = await fixture.shared.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(fixture.site.page('/a/narrow'));
    await expect.poll(() => widget(page).isVisible()).toBe(true);
    const box = (await widget(page).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    for (const n of ['0', '10']) {
      const option = (await widget(page).locator('label').filter({ has: page.getByRole('radio', { name: n, exact: true }) }).boundingBox())!;
      expect(option.x + option.width, n).toBeLessThanOrEqual(320);
      expect(option.width, n).toBeGreaterThanOrEqual(24);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await context.close();
  });

  it('does not animate for visitors who prefer reduced motion', async () => {
    const id = uniqueId('motion');
    await make(twoQuestions(id, '/a/motion'));
    for (const [reducedMotion, animation] of [
      ['reduce', 'none'],
      ['no-preference', 'u'],
    ] as const) {
      const { context } = await fixture.shared.newContext({ reducedMotion });
      const page = await context.newPage();
      await page.goto(fixture.site.page('/a/motion'));
      await expect.poll(() => widget(page).isVisible()).toBe(true);
      expect(await widget(page).evaluate((el) => getComputedStyle(el).animationName)).toBe(animation);
      await context.close();
    }
  });
});
