import { api } from '../lib/api.js';
import { fill, fmt, h } from '../lib/dom.js';

const MIN = 60_000;
/** Milliseconds as minutes, or hours past two hours. */
const duration = (ms) => (ms === null || ms === undefined ? '–' : ms >= 2 * 60 * MIN ? `${fmt.num(ms / (60 * MIN))} h` : `${fmt.num(ms / MIN)} min`);

function speedTable(title, id, series) {
  const rows = series.buckets.filter((b) => b.n > 0);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': id },
    h('h2', { id }, title),
    h('p', {}, `Over the window: p50 ${duration(series.overall.p50)}, p90 ${duration(series.overall.p90)} (${fmt.int(series.overall.n)}).`),
    rows.length
      ? h(
          'table',
          { 'data-testid': id },
          h('thead', {}, h('tr', {}, ['Week of', 'Count', 'p50', 'p90'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t)))),
          h('tbody', {}, rows.map((b) => h('tr', {}, h('th', { scope: 'row' }, fmt.date(b.start)), h('td', { class: 'num' }, fmt.int(b.n)), h('td', { class: 'num' }, duration(b.p50)), h('td', { class: 'num' }, duration(b.p90))))),
        )
      : h('p', { class: 'note' }, 'Nothing in this window.'),
  );
}

/** Service speed: GET /service/speed?days=90&bucket=week (chat first response, ticket resolution). */
export async function service(main) {
  const s = await api('/service/speed', { days: 90, bucket: 'week' });
  fill(
    main,
    h('h1', {}, 'Service speed'),
    h('p', { class: 'note' }, `The last 90 days by ISO week. p50: half were faster; p90: nine in ten were faster.${s.truncated ? ' Only the newest events were read: the oldest weeks may be incomplete.' : ''}`),
    speedTable('Chat first response (first visitor message → first reply)', 'chat-speed', s.chatFirstResponse),
    speedTable('Ticket resolution (opened → resolved)', 'ticket-speed', s.ticketResolution),
  );
}
