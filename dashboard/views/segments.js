import { api } from '../lib/api.js';
import { lineChart } from '../lib/charts.js';
import { fill, fmt, h } from '../lib/dom.js';

/** Segment sizes and movement: GET /segments and GET /segments/history (last 30 days). */
export async function segments(main) {
  const [{ builtin, saved }, history] = await Promise.all([api('/segments'), api('/segments/history')]);
  const days = [...new Set(history.days.map((d) => d.day))];
  const latest = days.at(-1);
  const bySegment = (segment) => history.days.filter((d) => d.segment === segment);
  fill(main, 
    h('h1', {}, 'Segments'),
    h('p', {}, h('a', { href: '#/segments/new', class: 'button' }, 'New segment'), ' ', h('a', { href: '#/export' }, 'Export')),
    savedSegments(saved),
    latest === undefined
      ? h('p', { class: 'note' }, 'No snapshot yet: the daily cron records segment sizes once a day.')
      : h('p', { class: 'note' }, `Latest snapshot ${fmt.date(latest)}; ${days.length} snapshots in the last 30 days.`),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'sizes-title' },
      h('h2', { id: 'sizes-title' }, 'Sizes'),
      h(
        'table',
        { 'data-testid': 'segment-sizes' },
        h('thead', {}, h('tr', {}, ['Segment', 'Meaning', 'People', 'Entered', 'Left'].map((c, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, c)))),
        h(
          'tbody',
          {},
          builtin.map((s) => {
            const d = history.days.find((x) => x.day === latest && x.segment === s.id);
            return h('tr', {}, h('th', { scope: 'row' }, h('a', { href: `#/visitors?segment=${encodeURIComponent(s.id)}` }, s.id)), h('td', {}, s.description), [d?.size, d?.entered, d?.left].map((n) => h('td', { class: 'num' }, fmt.int(n))));
          }),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'moves-title' },
      h('h2', { id: 'moves-title' }, 'Movement between segments'),
      history.moves.length
        ? h(
            'table',
            {},
            h('thead', {}, h('tr', {}, ['Day', 'From', 'To', 'People'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, history.moves.slice(-50).map((m) => h('tr', {}, h('td', {}, fmt.date(m.day)), h('td', {}, m.from === '-' ? '(none)' : m.from), h('td', {}, m.to === '-' ? '(none)' : m.to), h('td', { class: 'num' }, fmt.int(m.people))))),
          )
        : h('p', {}, 'No moves recorded yet (moves need two snapshots on different days).'),
    ),
    days.length > 1
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'over-time-title' },
          h('h2', { id: 'over-time-title' }, 'Over time'),
          ['nps-promoters', 'nps-detractors', 'at-risk'].map((seg) => {
            const pts = bySegment(seg).map((d) => ({ label: fmt.date(d.day), value: d.size }));
            return lineChart({ title: `${seg}: people per day`, points: pts, max: Math.max(1, ...pts.map((p) => p.value)) });
          }),
        )
      : null,
  );
}

/** The site's saved segments, each linked to its members and to an export of them. */
function savedSegments(saved) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'saved-title' },
    h('h2', { id: 'saved-title' }, 'Saved segments'),
    saved.length
      ? h(
          'table',
          { 'data-testid': 'saved-segments' },
          h('thead', {}, h('tr', {}, ['Segment', 'Created', 'Export'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            saved.map((s) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, h('a', { href: `#/visitors?segment=${encodeURIComponent(s.id)}` }, s.name)),
                h('td', {}, fmt.date(s.createdAt)),
                h('td', {}, h('a', { href: `#/export?segment=${encodeURIComponent(s.id)}`, 'aria-label': `Export ${s.name}` }, 'Export')),
              ),
            ),
          ),
        )
      : h('p', {}, 'None yet: build one with “New segment”.'),
  );
}
