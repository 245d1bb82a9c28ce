import { api, apiWrite, ApiError } from '../lib/api.js';
import { fill, h, uid } from '../lib/dom.js';
import { clearFieldErrors, showFieldError } from '../lib/fieldErrors.js';
import { formFields } from '../lib/formFields.js';
import { canEdit } from '../lib/session.js';
import { surveyPreview, THEME_VARS } from '../lib/surveyPreview.js';
import { questionsSection, translationsSection } from './surveyQuestions.js';

/** A message for the next render of the builder (after a save moved to the survey's own address). */
let flash = '';

const emptyDraft = () => ({
  name: '',
  lang: 'en',
  questions: [{ id: 'score', type: 'nps', text: 'How likely are you to recommend us to a friend?', required: true }],
  translations: {},
  targeting: { include: [], exclude: [], samplePercent: 100, audience: 'everyone' },
  fatigue: { repeat: 'once' },
  placement: { kind: 'popup', position: 'corner' },
});

/**
 * The survey builder: #/surveys/new (?from=ID duplicates one) and #/surveys/ID/edit. The form writes a
 * draft shaped as the API's survey definition; every save goes through the public write API (POST or
 * PUT /surveys) and its 400 is shown next to the field it names. The preview beside it runs the real
 * survey widget (lib/surveyPreview.js).
 */
export async function surveyBuilder(main, params, id) {
  if (!canEdit()) {
    fill(main, h('h1', {}, id ? 'Edit survey' : 'New survey'), h('p', {}, 'Editing needs a write key: sign out and sign in with the read key and a write key.'), h('a', { href: '#/surveys' }, 'Back to surveys'));
    return;
  }
  const from = id ?? params.get('from');
  const [stored, segments] = await Promise.all([
    from ? api(`/surveys/${encodeURIComponent(from)}`).then((r) => r.survey) : null,
    api('/segments').catch(() => ({ builtin: [], saved: [] })),
  ]);
  const draft = stored ? structuredClone(stored) : emptyDraft();
  delete draft.createdAt;
  delete draft.updatedAt;
  if (!id && stored) {
    delete draft.id;
    draft.name = `${stored.name} (copy)`;
    draft.status = 'paused';
  }
  draft.translations ??= {};
  const theme = Object.fromEntries(THEME_VARS.map(([name]) => [name, '']));
  const preview = surveyPreview();
  window.addEventListener('hashchange', preview.dispose, { once: true });
  let previewLang = draft.lang;
  const message = h('p', { role: 'status', class: 'saved', tabindex: -1 }, flash);
  flash = '';
  const summary = h('p', { class: 'error', role: 'alert', 'data-error-summary': '', hidden: true });
  const form = h('form', { class: 'builder-form', novalidate: true, 'aria-labelledby': 'builder-title' });
  const segmentList = uid('segments');

  const changed = () => preview.show(draft, previewLang, theme);
  const rerender = (focus, fallback) => {
    render();
    const target = [focus, fallback].map((p) => p && form.querySelector(`[data-field="${CSS.escape(p)}"], [data-focus="${CSS.escape(p)}"]`)).find((el) => el && !el.disabled);
    target?.focus();
  };
  const f = formFields(draft, { changed, rerender });

  async function save(status) {
    clearFieldErrors(form);
    const body = JSON.parse(JSON.stringify({ ...draft, status }));
    try {
      const { survey } = id ? await apiWrite('PUT', `/surveys/${encodeURIComponent(id)}`, body) : await apiWrite('POST', '/surveys', body);
      const done = status === 'active' ? `Published: “${survey.name}” is live on your site.` : `Saved as a paused draft: “${survey.name}” does not show until you publish it.`;
      if (id) {
        draft.status = survey.status;
        message.textContent = done;
        render();
        message.focus();
      } else {
        flash = done;
        location.hash = `#/surveys/${encodeURIComponent(survey.id)}/edit`;
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showFieldError(form, err.field, err.message);
    }
  }

  function render() {
    fill(
      form,
      summary,
      basics(draft, f, id),
      questionsSection(draft, f, rerender),
      translationsSection(draft, f, rerender),
      targetingSection(draft, f, rerender, segmentList, segments),
      fatigueSection(draft, f),
      placementSection(draft, f),
      themeSection(theme, changed),
      actions(draft, id, save),
    );
    previewLangPicker.replaceWith((previewLangPicker = langPicker()));
    changed();
  }

  const langPicker = () => {
    const pickId = uid('preview-lang');
    const langs = [draft.lang, ...Object.keys(draft.translations)].filter((l, i, a) => l && a.indexOf(l) === i);
    if (!langs.includes(previewLang)) previewLang = draft.lang;
    const select = h('select', { id: pickId, onchange: () => ((previewLang = select.value), changed()) }, langs.map((l) => h('option', { value: l, selected: l === previewLang }, l)));
    return h('div', { class: 'field' }, h('label', { for: pickId }, 'Preview in language'), select);
  };
  let previewLangPicker = h('div');

  fill(
    main,
    h('h1', { id: 'builder-title' }, id ? `Edit survey ${draft.name}` : 'New survey'),
    h('p', {}, h('a', { href: '#/surveys' }, 'All surveys'), id ? [' · ', h('a', { href: `#/surveys?survey=${encodeURIComponent(id)}` }, 'Results of this survey')] : null),
    message,
    h(
      'div',
      { class: 'builder' },
      form,
      h('aside', { class: 'card builder-preview', 'aria-labelledby': 'preview-title' }, h('h2', { id: 'preview-title' }, 'Live preview'), h('p', { class: 'note' }, 'The real widget, as your visitors see it. Answers here are not recorded.'), previewLangPicker, preview.element),
    ),
  );
  render();
  // The frame loads the survey chunk on its own; the view is ready when the first draft is shown in it.
  await new Promise((resolve) => {
    const shown = (e) => e.data?.type === 'hoptrail-preview-shown' && (window.removeEventListener('message', shown), resolve());
    window.addEventListener('message', shown);
    setTimeout(resolve, 5000);
  });
}

function basics(draft, f, id) {
  return h(
    'fieldset',
    { class: 'card' },
    h('legend', {}, 'Survey'),
    h('p', { class: 'note' }, `Status: ${draft.status === 'paused' ? 'paused (not shown)' : id ? 'live' : 'new'}`),
    f.text('Name', 'name', { required: true, hint: 'For you; visitors see the title.' }),
    id ? null : f.text('Survey id (optional)', 'id', { hint: 'Made from the name when empty. Used by inline placements and hoptrail.survey().' }),
    f.text('Title', 'title', { hint: 'The heading visitors see; the name when empty.' }),
    f.text('Survey language', 'lang', { required: true, hint: 'A code such as en or pt-br: the language the texts below are written in.' }),
    f.text('Thank-you text', 'thankYou'),
  );
}

function rules(draft, f, rerender, kind, label) {
  const list = (draft.targeting[kind] ??= []);
  const p = `targeting.${kind}`;
  return h(
    'fieldset',
    { class: 'rules', 'data-field': p, tabindex: -1 },
    h('legend', {}, label),
    list.length ? null : h('p', { class: 'note' }, kind === 'include' ? 'Every page.' : 'None.'),
    list.map((_, i) =>
      h(
        'div',
        { class: 'row' },
        f.select(`${label}: rule ${i + 1} match`, `${p}[${i}].match`, [['contains', 'URL contains'], ['exact', 'Path or URL is'], ['regex', 'URL matches regex']]),
        f.text(`${label}: rule ${i + 1} value`, `${p}[${i}].value`, { required: true }),
        h('button', { type: 'button', class: 'secondary', onclick: () => (list.splice(i, 1), rerender(`${p}.add`)) }, `Remove ${label.toLowerCase()} rule ${i + 1}`),
      ),
    ),
    h('button', { type: 'button', class: 'secondary', 'data-focus': `${p}.add`, onclick: () => (list.push({ match: 'contains', value: '' }), rerender(`${p}[${list.length - 1}].value`)) }, `Add ${label.toLowerCase()} rule`),
  );
}

function targetingSection(draft, f, rerender, listId, segments) {
  return h(
    'fieldset',
    { class: 'card' },
    h('legend', {}, 'Targeting'),
    h('p', { class: 'note' }, 'Which pages and visitors. Delay, scroll depth and exit intent combine; with an event the survey shows at that event.'),
    rules(draft, f, rerender, 'include', 'Show on pages'),
    rules(draft, f, rerender, 'exclude', 'Never on pages'),
    h(
      'div',
      { class: 'row' },
      f.number('Delay (seconds)', 'targeting.delaySeconds', { min: 0, max: 3600 }),
      f.number('Scroll depth (%)', 'targeting.scrollPercent', { min: 1, max: 100, step: 1 }),
      f.number('Sample (% of visitors)', 'targeting.samplePercent', { min: 0, max: 100 }),
    ),
    f.check('On exit intent (desktop)', 'targeting.exitIntent'),
    f.text('After the event', 'targeting.event', { hint: 'A name your pages send with hoptrail.track(), e.g. checkout_completed.' }),
    f.check('After a chat ends', 'targeting.chatEnded'),
    f.check('Only on a newsletter landing page', 'targeting.newsletterVisit'),
    f.select('Audience', 'targeting.audience', [['everyone', 'Everyone'], ['identified', 'Identified customers only']]),
    f.text('Segment', 'targeting.segment', { list: listId, hint: 'Only members of this segment; empty for all.' }),
    h('datalist', { id: listId }, [...segments.builtin, ...segments.saved].map((s) => h('option', { value: s.id }))),
  );
}

function fatigueSection(draft, f) {
  return h(
    'fieldset',
    { class: 'card' },
    h('legend', {}, 'Fatigue'),
    f.select('Show again', 'fatigue.repeat', [['once', 'Never (once per visitor)'], ['untilAnswered', 'Until answered or dismissed'], ['everyNDays', 'Every N days']]),
    f.number('Days between showings', 'fatigue.days', { min: 1, max: 3650, step: 1, hint: 'Only for “Every N days”.' }),
  );
}

function placementSection(draft, f) {
  return h(
    'fieldset',
    { class: 'card' },
    h('legend', {}, 'Placement'),
    f.select('Where', 'placement.kind', [['popup', 'Pop-up'], ['inline', 'Inline in the page']], { hint: 'Inline: put <div data-hoptrail-survey="SURVEY ID"></div> where it should show.' }),
    f.select('Pop-up position', 'placement.position', [['corner', 'Corner'], ['centre', 'Centre, with a backdrop']]),
  );
}

/** The widget's look is the page's (CSS variables), not the survey's: previewed here, pasted into the site's CSS. */
function themeSection(theme, changed) {
  const css = h('pre', { class: 'css', 'data-testid': 'theme-css' });
  const update = () => {
    const set = Object.entries(theme).filter(([, v]) => v);
    css.textContent = set.length ? `:root {\n${set.map(([k, v]) => `  ${k}: ${v};`).join('\n')}\n}` : '/* The default look: nothing to add. */';
  };
  update();
  return h(
    'fieldset',
    { class: 'card' },
    h('legend', {}, 'Theme'),
    h('p', { class: 'note' }, 'The look comes from your site’s CSS, so it is the same for every survey. Try it here, then paste the CSS below into your site.'),
    h(
      'div',
      { class: 'row' },
      THEME_VARS.map(([name, label, type, fallback]) => {
        const inputId = uid('theme');
        const input = h('input', { id: inputId, type, class: type === 'text' ? 'short' : undefined, placeholder: type === 'text' ? fallback : undefined });
        input.value = theme[name] || (type === 'color' ? fallback : '');
        input.addEventListener('input', () => ((theme[name] = input.value), update(), changed()));
        return h('div', { class: 'field' }, h('label', { for: inputId }, label), input);
      }),
    ),
    css,
  );
}

function actions(draft, id, save) {
  return h(
    'div',
    { class: 'card actions' },
    h('button', { type: 'button', onclick: () => save('active') }, id && draft.status !== 'paused' ? 'Save and keep live' : 'Publish'),
    h('button', { type: 'button', class: 'secondary', onclick: () => save('paused') }, id && draft.status !== 'paused' ? 'Pause' : 'Save as paused draft'),
  );
}
