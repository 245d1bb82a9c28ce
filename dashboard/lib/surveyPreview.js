import { h } from './dom.js';
import { getSession } from './session.js';

/** The widget's theme variables (README "Surveys"): set on the page, so the builder previews them. */
export const THEME_VARS = [
  ['--hoptrail-accent', 'Accent colour', 'color', '#1f4fd1'],
  ['--hoptrail-bg', 'Background', 'color', '#ffffff'],
  ['--hoptrail-fg', 'Text colour', 'color', '#1b1b1f'],
  ['--hoptrail-radius', 'Corner radius', 'text', '12px'],
  ['--hoptrail-font', 'Font', 'text', 'system-ui, sans-serif'],
];

/**
 * An iframe running the real survey chunk (dashboard/preview/), and `show(draft, lang, theme)` to
 * render a draft in it. Posts are debounced and wait for the frame to be ready; a draft the widget
 * could not render (a question without text, a choice question with fewer than two choices) shows
 * without those questions, and the returned note says so.
 */
export function surveyPreview() {
  const frame = h('iframe', { src: '/dashboard/preview/', title: 'Survey preview', class: 'preview-frame', 'data-testid': 'survey-preview' });
  const note = h('p', { class: 'note', 'aria-live': 'polite' });
  let ready = false;
  let pending = null;
  let timer = 0;
  const post = () => {
    if (!ready || !pending || !frame.contentWindow) return;
    frame.contentWindow.postMessage({ type: 'hoptrail-preview', ...pending }, location.origin);
    pending = null;
  };
  const onMessage = (e) => {
    if (e.origin !== location.origin || e.source !== frame.contentWindow) return;
    if (e.data?.type === 'hoptrail-preview-ready') (ready = true), post();
  };
  window.addEventListener('message', onMessage);
  return {
    element: h('div', { class: 'preview' }, frame, note),
    show(draft, lang, theme) {
      const { survey, skipped } = previewable(draft);
      note.textContent = skipped ? `${skipped} unfinished question${skipped > 1 ? 's' : ''} not shown yet.` : '';
      pending = survey ? { survey, lang, theme, site: getSession()?.site ?? '', settings: { budgetDays: 0, crossChannelDays: 0 } } : null;
      if (!survey) note.textContent = 'Add a question with its text to see the survey.';
      clearTimeout(timer);
      timer = setTimeout(post, 150);
    },
    dispose: () => window.removeEventListener('message', onMessage),
  };
}

/** The draft as the widget reads it from /surveys/active, without the questions it cannot render yet. */
function previewable(draft) {
  const ok = (q) => q.id && q.text && (!['single', 'multiple'].includes(q.type) || (q.choices ?? []).filter(Boolean).length >= 2);
  const questions = draft.questions.filter(ok).map((q) => ({ required: true, ...q, ...(q.choices && { choices: q.choices.filter(Boolean) }) }));
  const skipped = draft.questions.length - questions.length;
  if (!questions.length) return { survey: null, skipped };
  return {
    skipped,
    survey: {
      id: draft.id || 'draft',
      title: draft.title || undefined,
      lang: draft.lang || 'en',
      thankYou: draft.thankYou || undefined,
      questions,
      translations: draft.translations ?? {},
      targeting: { include: [], exclude: [], samplePercent: 100, audience: 'everyone' },
      fatigue: { repeat: 'untilAnswered' },
      placement: { kind: draft.placement?.kind ?? 'popup', position: draft.placement?.position ?? 'corner' },
    },
  };
}
