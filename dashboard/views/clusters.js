import { api, ApiError } from '../lib/api.js';
import { barChart } from '../lib/charts.js';
import { fill, fmt, h } from '../lib/dom.js';

/** Customer clusters: GET /clusters (groups with stable ids, descriptions, sizes and centres). */
export async function clusters(main) {
  let c;
  try {
    c = await api('/clusters');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    fill(main, h('h1', {}, 'Clusters'), h('p', { class: 'note' }, 'No clustering yet: the daily cron computes one from recency, frequency, monetary value, the Happy Index and channel mix.'));
    return;
  }
  const features = c.features ?? [];
  fill(
    main,
    h('h1', {}, 'Clusters'),
    h(
      'p',
      { class: 'note' },
      `${fmt.int(c.people)} people in ${fmt.int(c.groups.length)} groups, computed ${fmt.time(c.computedAt)}`,
      c.silhouette === null || c.silhouette === undefined ? '.' : ` (k chosen by silhouette: ${fmt.num(c.silhouette, 2)}).`,
      ' A group keeps its id from day to day while its centre stays where it was.',
    ),
    barChart({ title: 'People per cluster', items: c.groups.map((g) => ({ label: `${g.id} ${g.description}`, value: g.size })), format: fmt.int }),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'groups-title' },
      h('h2', { id: 'groups-title' }, 'Groups and their centres'),
      h(
        'table',
        { 'data-testid': 'cluster-groups' },
        h('thead', {}, h('tr', {}, ['Cluster', 'Description', 'People', ...features.map((f) => f.unit)].map((t, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, t)))),
        h(
          'tbody',
          {},
          c.groups.map((g) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, h('a', { href: `#/visitors?segment=${encodeURIComponent(`cluster:${g.id}`)}` }, g.id)),
              h('td', {}, g.description),
              h('td', { class: 'num' }, fmt.int(g.size)),
              features.map((f) => h('td', { class: 'num' }, fmt.num(g.centre[f.key]))),
            ),
          ),
        ),
      ),
      h('p', { class: 'note' }, 'Centres are the members’ means. A word in the description means the centre sits half a standard deviation or more from everyone’s mean on that measure.'),
    ),
  );
}
