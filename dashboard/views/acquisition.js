import { api } from '../lib/api.js';
import { barChart } from '../lib/charts.js';
import { fill, fmt, h, uid } from '../lib/dom.js';

const DAY = 86_400_000;
/** What the table's rows can be (GET /reports/channels?by=). */
const DIMENSIONS = [
  ['channel', 'Channel'],
  ['source', 'Source'],
  ['medium', 'Medium'],
  ['campaign', 'Campaign'],
];

/** Net revenue per currency, never converted: "€70.00 · US$20.00"; a dash without orders. */
const revenue = (rows) => (rows.length ? rows.map((r) => Number(r.net).toLocaleString('en-GB', { style: 'currency', currency: r.currency })).join(' · ') : '–');

/**
 * Sources: where visits come from (GET /reports/channels, by channel, source, medium or campaign, with
 * conversions of any goal or the chosen one, and revenue) and on what (GET /reports/devices: device
 * types, browsers, OS, countries), for the chosen dates.
 */
export async function acquisition(main, params) {
  const today = new Date().toISOString().slice(0, 10);
  const toDay = params.get('to') || today;
  const fromDay = params.get('from') || new Date(Date.parse(toDay) - 29 * DAY).toISOString().slice(0, 10);
  const by = DIMENSIONS.some(([d]) => d === params.get('by')) ? params.get('by') : 'channel';
  const range = { from: Date.parse(fromDay), to: Date.parse(toDay) + DAY - 1 };
  const { goals } = await api('/goals');
  const goal = goals.some((g) => g.id === params.get('goal')) ? params.get('goal') : '';
  const [channels, devices] = await Promise.all([api('/reports/channels', { ...range, by, goal }), api('/reports/devices', range)]);
  const ids = { from: uid('from'), to: uid('to'), by: uid('by'), goal: uid('goal') };
  const byLabel = DIMENSIONS.find(([d]) => d === by)[1];
  fill(main,
    h('h1', {}, 'Sources'),
    h(
      'form',
      {
        class: 'filters',
        'aria-label': 'Date range and grouping',
        onsubmit: (e) => {
          e.preventDefault();
          const value = (id) => main.querySelector(`#${id}`).value;
          const q = new URLSearchParams({ from: value(ids.from), to: value(ids.to), by: value(ids.by) });
          if (value(ids.goal)) q.set('goal', value(ids.goal));
          location.hash = `#/sources?${q}`;
        },
      },
      h('label', { for: ids.from }, 'From'),
      h('input', { id: ids.from, type: 'date', value: fromDay, required: true }),
      h('label', { for: ids.to }, 'To'),
      h('input', { id: ids.to, type: 'date', value: toDay, required: true }),
      h('label', { for: ids.by }, 'Group by'),
      h('select', { id: ids.by }, DIMENSIONS.map(([d, label]) => h('option', { value: d, selected: d === by }, label))),
      h('label', { for: ids.goal }, 'Conversions of'),
      h('select', { id: ids.goal }, h('option', { value: '' }, 'any goal'), goals.map((g) => h('option', { value: g.id, selected: g.id === goal }, g.name))),
      h('button', { type: 'submit' }, 'Apply'),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'sources-title' },
      h('h2', { id: 'sources-title' }, `Visits by ${byLabel.toLowerCase()}`),
      channels.rows.length
        ? h(
            'table',
            { 'data-testid': 'channels' },
            h('thead', {}, h('tr', {}, [byLabel, 'Visitors', 'Sessions', 'Average Happy Index', 'Conversions', 'Revenue (net)'].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
            h(
              'tbody',
              {},
              channels.rows.map((r) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, r.label ?? r.key ?? '(none)'),
                  [fmt.int(r.visitors), fmt.int(r.sessions), fmt.num(r.happyIndex), fmt.int(r.conversions), revenue(r.revenue)].map((v) => h('td', { class: 'num' }, v)),
                ),
              ),
            ),
          )
        : h('p', {}, 'No visits in these dates.'),
      h(
        'p',
        { class: 'note' },
        'Visitors are people: a customer on several devices counts once. Conversions are people who reached the goal in a session of the row; revenue is the orders placed in those sessions, net of refunds, per currency. Orders booked by servers have no session and count in no row.',
      ),
    ),
    h(
      'div',
      { class: 'grid' },
      part('Device types', 'device-types', devices.deviceTypes),
      part('Browsers', 'browsers', devices.browsers),
      part('Operating systems', 'os', devices.os),
      part('Countries', 'countries', devices.countries, 'Countries come from Cloudflare’s edge; a local collector shows one placeholder.'),
    ),
  );
}

/** One breakdown of the devices report: a bar per value (sessions), at most 8. */
function part(title, id, rows, note) {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `${id}-title`, 'data-testid': id },
    h('h2', { id: `${id}-title` }, title),
    rows.length
      ? barChart({ title: `Sessions by ${title.toLowerCase()}`, format: fmt.int, items: rows.slice(0, 8).map((r) => ({ label: r.key ?? 'Unknown', value: r.sessions })) })
      : h('p', {}, 'No visits in these dates.'),
    note ? h('p', { class: 'note' }, note) : null,
  );
}
