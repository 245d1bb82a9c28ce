import { api } from '../lib/api.js';
import { barChart, gauge } from '../lib/charts.js';
import { fill, fmt, h } from '../lib/dom.js';
import { canEdit } from '../lib/session.js';
import { surveyActions } from './surveyActions.js';

/**
 * Survey results: GET /surveys, then GET /surveys/:id/results for each survey (at most 10), or for the
 * one `?survey=ID` names (the builder's "Results" link). With a write key, each has its edit actions.
 */
export async function surveys(main, params = new URLSearchParams()) {
  const { surveys: all } = await api('/surveys');
  const only = params.get('survey');
  const list = only ? all.filter((s) => s.id === only) : all;
  const shown = list.slice(0, 10);
  const results = await Promise.all(shown.map((s) => api(`/surveys/${encodeURIComponent(s.id)}/results`)));
  const edit = canEdit();
  const rerender = () => surveys(main, params);
  fill(main, 
    h('h1', {}, only ? `Survey results: ${shown[0]?.name ?? only}` : 'Surveys'),
    only ? h('p', {}, h('a', { href: '#/surveys' }, 'All surveys')) : null,
    edit && !only ? h('p', {}, h('a', { href: '#/surveys/new', class: 'button' }, 'New survey')) : null,
    list.length ? null : h('p', {}, only ? 'No such survey.' : 'No surveys yet.'),
    list.length > shown.length ? h('p', { class: 'note' }, `Results of the first ${shown.length} of ${list.length} surveys; the others link to theirs.`) : null,
    ...shown.map((s, i) => survey(s, results[i], edit ? surveyActions(s, rerender) : null)),
    ...list.slice(shown.length).map((s) => more(s, edit ? surveyActions(s, rerender) : null)),
  );
}

/** A survey past the first ten: its name, actions and a link to its results (every survey stays one click from editing). */
function more(def, actions) {
  const titleId = `survey-${def.id}`;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, def.name ?? def.id),
    actions,
    h('a', { href: `#/surveys?survey=${encodeURIComponent(def.id)}` }, `Results of ${def.name ?? def.id}`),
  );
}

function survey(def, r, actions) {
  const titleId = `survey-${def.id}`;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, def.name ?? def.id),
    actions,
    h('p', { class: 'note' }, `${fmt.int(r.shown)} shown · ${fmt.int(r.responses)} responses · ${fmt.int(r.completed)} completed · ${fmt.int(r.dismissed)} dismissed (last 90 days)`),
    h(
      'div',
      { class: 'grid' },
      r.questions.map((q) =>
        h(
          'div',
          { class: 'question' },
          h('h3', {}, q.text),
          q.nps ? gauge({ title: `NPS for “${q.text}”`, value: q.answers ? q.nps.score : null }) : null,
          q.csatPercent !== undefined ? h('p', {}, `CSAT ${fmt.pct(q.csatPercent)}`) : null,
          q.mean !== undefined ? h('p', {}, `Mean ${fmt.num(q.mean, 2)}`) : null,
          Object.keys(q.distribution).length
            ? barChart({ title: `Answers to “${q.text}”`, format: fmt.int, items: Object.entries(q.distribution).sort(([a], [b]) => (isNaN(a) || isNaN(b) ? 0 : Number(a) - Number(b))).map(([label, value]) => ({ label, value })) })
            : null,
          q.texts
            ? h(
                'ul',
                { class: 'texts' },
                q.texts.slice(0, 20).map((t) =>
                  h(
                    'li',
                    {},
                    h('blockquote', {}, t.text),
                    ' — ',
                    t.customerId ? h('a', { href: `#/customers/${encodeURIComponent(t.customerId)}` }, t.customerId) : h('a', { href: `#/visitors/${encodeURIComponent(t.visitorId)}` }, 'anonymous visitor'),
                    `, ${fmt.date(t.ts)}`,
                  ),
                ),
              )
            : null,
          q.answers ? null : h('p', { class: 'note' }, 'No answers yet.'),
        ),
      ),
    ),
  );
}
