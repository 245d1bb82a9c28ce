import { api } from '../lib/api.js';
import { barChart, gauge } from '../lib/charts.js';
import { fill, fmt, h } from '../lib/dom.js';

/** Survey results: GET /surveys, then GET /surveys/:id/results for each survey (at most 10). */
export async function surveys(main) {
  const { surveys: list } = await api('/surveys');
  const shown = list.slice(0, 10);
  const results = await Promise.all(shown.map((s) => api(`/surveys/${encodeURIComponent(s.id)}/results`)));
  fill(main, 
    h('h1', {}, 'Surveys'),
    list.length ? null : h('p', {}, 'No surveys yet.'),
    list.length > shown.length ? h('p', { class: 'note' }, `Showing the first ${shown.length} of ${list.length} surveys.`) : null,
    ...shown.map((s, i) => survey(s, results[i])),
  );
}

function survey(def, r) {
  const titleId = `survey-${def.id}`;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, def.name ?? def.id),
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
