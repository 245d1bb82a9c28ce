import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  api,
  flush,
  popup,
  surveyEvents,
  uniqueId,
  visitorOf,
  useSurveyFixture,
  widget,
} from './lib/surveys';

const collector = inject('collectorUrl');
const fixture = useSurveyFixture(collector);
const { make } = fixture;

/** Picks an option of the open question the way a user does: by clicking its label. */
async function pick(page: Page, name: string, role: 'radio' | 'checkbox' = 'radio') {
  await widget(page).locator('label').filter({ has: page.getByRole(role, { name, exact: true }) }).click();
}
const next = (page: Page, name = 'Next') => widget(page).getByRole('button', { name, exact: true }).click();

describe('question types', () => {
  it('asks every question type in turn and sends one answer event per question, the last marked complete', async () => {
    const id = uniqueId('all-types');
    await make(
      popup(id, '/q/all-types', {
        questions: [
          { id: 'nps', type: 'nps', text: 'Recommend us?' },
          { id: 'csat', type: 'csat', text: 'Satisfied?' },
          { id: 'ces', type: 'ces', text: 'Easy?' },
          { id: 'stars', type: 'rating', scale: 5, style: 'stars', text: 'Stars?' },
          { id: 'numbers', type: 'rating', scale: 10, style: 'numbers', text: 'Numbers?' },
          { id: 'emoji', type: 'rating', scale: 3, style: 'emoji', text: 'Mood?' },
          { id: 'thumbs', type: 'thumbs', text: 'Helpful?' },
          { id: 'single', type: 'single', text: 'Which one?', choices: ['Search', 'Cart', 'Chat'] },
          { id: 'multiple', type: 'multiple', text: 'Which ones?', choices: ['Search', 'Cart', 'Chat'] },
          { id: 'text', type: 'text', text: 'Anything else?' },
        ],
      }),
    );
    const { context, pageErrors } = await fixture.shared.newContext();
    const page = await context.newPage();
    await page.goto(fixture.site.page('/q/all-types'));
    await expect.poll(() => widget(page).isVisible()).toBe(true);
    const visitorId = await visitorOf(page);

    const legend = () => widget(page).locator('legend, label[for]').first().textContent();
    expect(await legend()).toBe('Recommend us?');
    // Next stays disabled until a required question is answered.
    expect(await widget(page).getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await pick(page, '9');
    await next(page);
    expect(await legend()).toBe('Satisfied?');
    await pick(page, '4');
    await next(page);
    await pick(page, '6');
    await next(page);
    await pick(page, '4 of 5');
    await next(page);
    await pick(page, '7');
    await next(page);
    await pick(page, '3 of 3');
    await next(page);
    await pick(page, 'Yes');
    await next(page);
    await pick(page, 'Cart');
    await next(page);
    await pick(page, 'Search', 'checkbox');
    await pick(page, 'Chat', 'checkbox');
    await next(page);
    await widget(page).getByRole('textbox', { name: 'Anything else?' }).fill('Fast delivery');
    await next(page, 'Send');
    await expect.poll(() => widget(page).getByRole('status').textContent()).toBe('Thank you for your feedback!');

    await flush(page);
    const events = await surveyEvents(collector, visitorId, 11);
    expect(events.map((e) => e.type)).toEqual(['survey_shown', ...Array(10).fill('survey_answered')]);
    expect(events[0].props).toMatchObject({ surveyId: id, channel: 'web', trigger: 'page', lang: 'en' });
    const answers = events.slice(1).map((e) => [e.props!.questionId, e.props!.value, e.props!.completed]);
    expect(answers).toEqual([
      ['nps', 9, false],
      ['csat', 4, false],
      ['ces', 6, false],
      ['stars', 4, false],
      ['numbers', 7, false],
      ['emoji', 3, false],
      ['thumbs', 'up', false],
      ['single', 'Cart', false],
      ['multiple', ['Search', 'Chat'], false],
      ['text', 'Fast delivery', true],
    ]);
    // One showing: every answer carries the same response id.
    expect(new Set(events.map((e) => e.props!.responseId)).size).toBe(1);

    const results = (await api(collector, 'GET', `/surveys/${id}/results`)) as any;
    expect(results).toMatchObject({ shown: 1, responses: 1, completed: 1, completionRate: 1 });
    const q = Object.fromEntries(results.questions.map((x: any) => [x.id, x]));
    expect(q.nps.nps).toEqual({ score: 100, promoters: 1, passives: 0, detractors: 0 });
    expect(q.csat.csatPercent).toBe(100);
    expect(q.ces.mean).toBe(6);
    expect(q.multiple.distribution).toEqual({ Search: 1, Chat: 1 });
    expect(q.text.texts[0]).toMatchObject({ text: 'Fast delivery', visitorId, customerId: null });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('asks the follow-up only when the answer calls for it (detractors get "what could we do better?")', async () => {
    const id = uniqueId('follow-up');
    await make(
      popup(id, '/q/follow-up', {
        questions: [
          { id: 'score', type: 'nps', text: 'Recommend us?' },
          { id: 'better', type: 'text', text: 'What could we do better?', showIf: { question: 'score', max: 6 } },
        ],
      }),
    );
    for (const [score, followUp] of [
      ['3', true],
      ['10', false],
    ] as const) {
      const { context } = await fixture.shared.newContext();
      const page = await context.newPage();
      await page.goto(fixture.site.page('/q/follow-up'));
      await pick(page, score);
      await next(page);
      const box = widget(page).getByRole('textbox', { name: 'What could we do better?' });
      if (followUp) {
        await box.fill('Cheaper shipping');
        await next(page, 'Send');
      }
      await expect.poll(() => widget(page).getByRole('status').textContent()).toBe('Thank you for your feedback!');
      expect(await box.count()).toBe(0);
      const visitorId = await visitorOf(page);
      await flush(page);
      const answered = (await surveyEvents(collector, visitorId, followUp ? 3 : 2)).filter((e) => e.type === 'survey_answered');
      expect(answered.map((e) => [e.props!.questionId, e.props!.completed])).toEqual(
        followUp ? [['score', false], ['better', true]] : [['score', true]],
      );
      await context.close();
    }
  });

  it('keeps a partial answer when the survey is closed half-way, and records the dismissal', async () => {
    const id = uniqueId('partial');
    await make(
      popup(id, '/q/partial', {
        questions: [
          { id: 'score', type: 'nps', text: 'Recommend us?' },
          { id: 'csat', type: 'csat', text: 'Satisfied?' },
        ],
      }),
    );
    const { context } = await fixture.shared.newContext();
    const page = await context.newPage();
    await page.goto(fixture.site.page('/q/partial'));
    await pick(page, '5');
    await next(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => widget(page).count()).toBe(0);
    const visitorId = await visitorOf(page);
    await flush(page);
    const events = await surveyEvents(collector, visitorId, 3);
    expect(events.map((e) => e.type)).toEqual(['survey_shown', 'survey_answered', 'survey_dismissed']);
    expect(events[2].props).toMatchObject({ questionId: 'csat', answered: 1 });
    const results = (await api(collector, 'GET', `/surveys/${id}/results`)) as any;
    expect(results).toMatchObject({ shown: 1, responses: 1, completed: 0, dismissed: 1, completionRate: 0 });
    expect(results.questions[0].nps.detractors).toBe(1);
    await context.close();
  });

  it('renders a hostile definition as text: script tags and HTML never run or become elements', async () => {
    const id = uniqueId('hostile');
    const title = '<script>window.__pwned=1</script>';
    const text = '<img src=x onerror="window.__pwned=2"> Is this <b>bold</b>?';
    await make(
      popup(id, '/q/hostile', {
        title,
        questions: [{ id: 'q', type: 'single', text, choices: ['<i onmouseover="window.__pwned=3">x</i>', '"><svg onload=alert(1)>'] }],
      }),
    );
    const { context, pageErrors } = await fixture.shared.newContext();
    const page = await context.newPage();
    await page.goto(fixture.site.page('/q/hostile'));
    await expect.poll(() => widget(page).isVisible()).toBe(true);
    expect(await widget(page).getByRole('heading').textContent()).toBe(title);
    expect(await widget(page).locator('legend').textContent()).toBe(text);
    expect(await widget(page).locator('label span').allTextContents()).toEqual([
      '<i onmouseover="window.__pwned=3">x</i>',
      '"><svg onload=alert(1)>',
    ]);
    await widget(page).locator('label span').first().hover();
    expect(await widget(page).locator('script, img, b, i, svg').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('languages', () => {
  it("uses the survey's translation and the widget's own words for the page language, else the survey's language", async () => {
    const id = uniqueId('translated');
    await make(
      popup(id, '/q/translated', {
        questions: [{ id: 'score', type: 'nps', text: 'How likely are you to recommend us?' }],
        translations: { it: { title: 'Una domanda', questions: { score: { text: 'Quanto ci consiglieresti?' } } } },
      }),
    );
    const { context } = await fixture.shared.newContext();
    const page = await context.newPage();
    await page.goto(fixture.site.page('/q/translated', { lang: 'it-IT' }));
    await expect.poll(() => widget(page).isVisible()).toBe(true);
    expect(await widget(page).locator('legend').textContent()).toBe('Quanto ci consiglieresti?');
    expect(await page.getByRole('dialog', { name: 'Una domanda' }).count()).toBe(1);
    expect(await widget(page).getByRole('button', { name: 'Chiudi' }).count()).toBe(1);
    expect(await widget(page).getByText('Per niente probabile').count()).toBe(1);
    await pick(page, '8');
    await next(page, 'Invia');
    await expect.poll(() => widget(page).getByRole('status').textContent()).toBe('Grazie per il tuo feedback!');

    // No French translation: the survey's own language throughout (no half-French widget).
    const { context: fr } = await fixture.shared.newContext();
    const frPage = await fr.newPage();
    await frPage.goto(fixture.site.page('/q/translated-fr', { lang: 'fr' }));
    await frPage.evaluate((sid) => (window as any).hoptrail.survey(sid), id);
    await expect.poll(() => widget(frPage).isVisible()).toBe(true);
    expect(await widget(frPage).locator('legend').textContent()).toBe('How likely are you to recommend us?');
    expect(await widget(frPage).getByRole('button', { name: 'Send' }).count()).toBe(1);
    await context.close();
    await fr.close();
  });
});
