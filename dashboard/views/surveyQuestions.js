import { h, uid } from '../lib/dom.js';

/** Question types of the survey schema (collector/src/schema/survey.ts), as the builder names them. */
export const QUESTION_TYPES = [
  ['nps', 'NPS (0–10)'],
  ['csat', 'CSAT (1–5)'],
  ['ces', 'CES (1–7)'],
  ['rating', 'Rating (stars, numbers, emoji)'],
  ['thumbs', 'Thumbs up / down'],
  ['single', 'One choice'],
  ['multiple', 'Several choices'],
  ['text', 'Open text'],
];
const SCALES = ['nps', 'csat', 'ces', 'rating'];
const CHOICES = ['single', 'multiple'];

/** A new question of `type` with an id no other question has. */
export function newQuestion(type, questions) {
  let n = questions.length + 1;
  while (questions.some((q) => q.id === `q${n}`)) n++;
  return withType({ id: `q${n}`, text: '', required: true }, type);
}

/** Keeps what every question has (id, text, required, showIf) and gives the fields of `type`. */
function withType(q, type) {
  const { id, text, required, showIf } = q;
  const out = { id, type, text, required, showIf };
  if (SCALES.includes(type)) Object.assign(out, { lowLabel: q.lowLabel, highLabel: q.highLabel });
  if (type === 'rating') Object.assign(out, { scale: q.scale ?? 5, style: q.style ?? 'stars' });
  if (CHOICES.includes(type)) out.choices = q.choices ?? [];
  if (type === 'text') out.placeholder = q.placeholder;
  return JSON.parse(JSON.stringify(out));
}

/** The questions fieldset: one group per question, move / remove, and "Add question". */
export function questionsSection(draft, f, rerender) {
  const addType = uid('add-type');
  const qs = draft.questions;
  const move = (i, by) => {
    [qs[i], qs[i + by]] = [qs[i + by], qs[i]];
    rerender(`questions[${i + by}].${by < 0 ? 'up' : 'down'}`, `questions[${i + by}].text`);
  };
  return h(
    'fieldset',
    { class: 'card' },
    h('legend', {}, 'Questions'),
    h('p', { class: 'note' }, 'Asked one at a time. A follow-up can be asked only for some answers to an earlier question.'),
    qs.map((q, i) => question(draft, f, rerender, q, i, move)),
    h(
      'div',
      { class: 'row' },
      h('label', { for: addType }, 'New question type'),
      h('select', { id: addType }, QUESTION_TYPES.map(([v, t]) => h('option', { value: v }, t))),
      h(
        'button',
        {
          type: 'button',
          'data-focus': 'questions.add',
          onclick: () => {
            qs.push(newQuestion(document.getElementById(addType).value, qs));
            rerender(`questions[${qs.length - 1}].text`);
          },
        },
        'Add question',
      ),
    ),
  );
}

function question(draft, f, rerender, q, i, move) {
  const p = `questions[${i}]`;
  const typeId = uid('type');
  const earlier = draft.questions.slice(0, i);
  const typeSelect = h('select', { id: typeId, 'data-field': `${p}.type` }, QUESTION_TYPES.map(([v, t]) => h('option', { value: v, selected: v === q.type }, t)));
  typeSelect.addEventListener('change', () => {
    draft.questions[i] = withType(q, typeSelect.value);
    rerender(`${p}.type`);
  });
  const legendId = uid('q');
  return h(
    'fieldset',
    { class: 'question-edit', 'aria-labelledby': legendId },
    h('legend', { id: legendId }, `Question ${i + 1}`),
    h('div', { class: 'field' }, h('label', { for: typeId }, 'Type'), typeSelect),
    f.text('Question', `${p}.text`, { required: true }),
    f.text('Question id', `${p}.id`, { required: true, hint: 'Lowercase letters, digits, _ or -; results and follow-ups use it.' }),
    f.check('Required (cannot be skipped)', `${p}.required`, { default: true }),
    SCALES.includes(q.type) ? [f.text('Label of the lowest answer', `${p}.lowLabel`), f.text('Label of the highest answer', `${p}.highLabel`)] : null,
    q.type === 'rating'
      ? [
          f.number('Scale (3–10)', `${p}.scale`, { min: 3, max: 10, step: 1 }),
          f.select('Style', `${p}.style`, [['stars', 'Stars'], ['numbers', 'Numbers'], ['emoji', 'Emoji (scale 3 or 5)']]),
        ]
      : null,
    CHOICES.includes(q.type) ? f.lines('Choices', `${p}.choices`, { keepEmpty: true, hint: 'One per line, 2 to 10.' }) : null,
    q.type === 'text' ? f.text('Placeholder', `${p}.placeholder`) : null,
    i > 0
      ? [
          f.select('Ask only after', `${p}.showIf.question`, [['', 'Always ask'], ...earlier.map((e, j) => [e.id, `Question ${j + 1} (${e.id})`])], {
            restructure: true,
            // "Always ask" drops the whole condition, not just its question.
            after: () => q.showIf?.question || delete draft.questions[i].showIf,
          }),
          q.showIf?.question
            ? h(
                'div',
                { class: 'row' },
                f.number('Answer at least', `${p}.showIf.min`),
                f.number('Answer at most', `${p}.showIf.max`),
                f.lines('Or any of these answers', `${p}.showIf.anyOf`, { hint: 'Choice labels, or up / down; one per line.' }),
              )
            : null,
        ]
      : null,
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', class: 'secondary', disabled: i === 0, 'data-focus': `${p}.up`, onclick: () => move(i, -1) }, `Move question ${i + 1} up`),
      h('button', { type: 'button', class: 'secondary', disabled: i === draft.questions.length - 1, 'data-focus': `${p}.down`, onclick: () => move(i, 1) }, `Move question ${i + 1} down`),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          disabled: draft.questions.length === 1,
          onclick: () => {
            draft.questions.splice(i, 1);
            rerender('questions.add');
          },
        },
        `Remove question ${i + 1}`,
      ),
    ),
  );
}

/** Translations: per language, overrides of the title, thank-you and every question's texts. */
export function translationsSection(draft, f, rerender) {
  const codeId = uid('lang');
  const langs = Object.keys(draft.translations ?? {});
  return h(
    'fieldset',
    { class: 'card' },
    h('legend', {}, 'Translations'),
    h('p', { class: 'note' }, 'Shown to pages whose <html lang> matches; anything left empty stays in the survey language.'),
    langs.map((lang) => {
      const p = `translations.${lang}`;
      const legendId = uid('tr');
      return h(
        'fieldset',
        { class: 'question-edit', 'aria-labelledby': legendId },
        h('legend', { id: legendId }, `Language ${lang}`),
        f.text(`Title (${lang})`, `${p}.title`),
        f.text(`Thank-you text (${lang})`, `${p}.thankYou`),
        draft.questions.map((q, i) => {
          const qp = `${p}.questions.${q.id}`;
          return [
            f.text(`Question ${i + 1} (${lang})`, `${qp}.text`, { placeholder: q.text }),
            SCALES.includes(q.type) ? [f.text(`Question ${i + 1} lowest label (${lang})`, `${qp}.lowLabel`), f.text(`Question ${i + 1} highest label (${lang})`, `${qp}.highLabel`)] : null,
            q.type === 'text' ? f.text(`Question ${i + 1} placeholder (${lang})`, `${qp}.placeholder`) : null,
            CHOICES.includes(q.type) ? f.lines(`Question ${i + 1} choices (${lang})`, `${qp}.choices`) : null,
          ];
        }),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              delete draft.translations[lang];
              rerender('translations.add');
            },
          },
          `Remove language ${lang}`,
        ),
      );
    }),
    h(
      'div',
      { class: 'row' },
      h('label', { for: codeId }, 'Language code'),
      h('input', { id: codeId, class: 'short', placeholder: 'it', autocomplete: 'off', 'data-focus': 'translations.code' }),
      h(
        'button',
        {
          type: 'button',
          'data-focus': 'translations.add',
          onclick: () => {
            const code = document.getElementById(codeId).value.trim().toLowerCase();
            if (!code) return;
            draft.translations ??= {};
            draft.translations[code] ??= { questions: {} };
            rerender(`translations.${code}.title`);
          },
        },
        'Add language',
      ),
    ),
  );
}
