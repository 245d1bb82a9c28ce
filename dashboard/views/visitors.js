import { api, apiBlob } from '../lib/api.js';
import { fill, fmt, h, uid } from '../lib/dom.js';

const PAGE = 25;
const SORTS = { lastSeen: 'Last seen', events: 'Events', score: 'Happy Index' };

/** The visitors table: GET /segments, GET /visitors?q&sort&segment&limit&cursor; export: GET /exports/visitors?format=csv&segment&q. */
export async function visitors(main, params) {
  const filter = { q: params.get('q') ?? '', sort: params.get('sort') ?? 'lastSeen', segment: params.get('segment') ?? '' };
  const { builtin, saved } = await api('/segments');
  const ids = { q: uid('q'), sort: uid('sort'), segment: uid('segment') };
  const tbody = h('tbody');
  const status = h('p', { role: 'status', class: 'note' });
  const prev = h('button', { type: 'button', disabled: true }, 'Previous page');
  const next = h('button', { type: 'button', disabled: true }, 'Next page');
  const cursors = [''];
  let page = 0;

  async function load() {
    const res = await api('/visitors', { ...filter, limit: PAGE, cursor: cursors[page] });
    cursors[page + 1] = res.nextCursor;
    tbody.replaceChildren(...res.visitors.map(row));
    if (!res.visitors.length) tbody.append(h('tr', {}, h('td', { colspan: 5 }, 'No visitors match.')));
    status.textContent = `Page ${page + 1}: ${res.visitors.length} visitors${res.nextCursor ? ', more on the next page' : ''}.`;
    prev.disabled = page === 0;
    next.disabled = !res.nextCursor;
  }
  prev.addEventListener('click', () => {
    page--;
    load();
  });
  next.addEventListener('click', () => {
    page++;
    load();
  });

  const segmentOptions = [h('option', { value: '' }, 'All visitors'), ...builtin.map((s) => h('option', { value: s.id, selected: s.id === filter.segment }, `${s.id} (${s.description})`)), ...saved.map((s) => h('option', { value: s.id, selected: s.id === filter.segment }, s.name)), filter.segment.startsWith('cluster:') ? h('option', { value: filter.segment, selected: true }, `Cluster ${filter.segment.slice(8)}`) : null];
  const form = h(
    'form',
    {
      class: 'filters',
      'aria-label': 'Filter visitors',
      onsubmit: (e) => {
        e.preventDefault();
        const data = new FormData(form);
        const next = Object.fromEntries([...data].filter(([, v]) => v !== ''));
        location.hash = `#/visitors?${new URLSearchParams(next)}`;
      },
    },
    h('label', { for: ids.q }, 'Search id or trait'),
    h('input', { id: ids.q, name: 'q', type: 'search', value: filter.q, maxlength: 200 }),
    h('label', { for: ids.sort }, 'Sort by'),
    h('select', { id: ids.sort, name: 'sort' }, Object.entries(SORTS).map(([v, label]) => h('option', { value: v, selected: v === filter.sort }, label))),
    h('label', { for: ids.segment }, 'Segment'),
    h('select', { id: ids.segment, name: 'segment' }, segmentOptions),
    h('button', { type: 'submit' }, 'Apply'),
  );
  const exportButton = h('button', { type: 'button', onclick: () => exportCsv(filter, exportButton) }, filter.segment || filter.q ? 'Export this filter as CSV' : 'Export all visitors as CSV');
  const combined = filter.segment && (filter.q || filter.sort !== 'lastSeen');
  fill(main, 
    h('h1', {}, 'Visitors and customers'),
    form,
    combined ? h('p', { class: 'error', role: 'alert' }, 'A segment filter works with “Last seen” order and no search; clear one of them.') : null,
    h(
      'table',
      { class: 'rows', 'aria-describedby': 'rows-help' },
      h('caption', { id: 'rows-help' }, 'Select a row (Enter or Space) to open the customer card.'),
      h('thead', {}, h('tr', {}, ['Visitor', 'Customer', 'Happy Index', 'Events', 'Last seen'].map((c, i) => h('th', { scope: 'col', class: i > 1 && i < 4 ? 'num' : null }, c)))),
      tbody,
    ),
    status,
    h('div', { class: 'pager' }, prev, next, exportButton),
    filter.sort !== 'lastSeen' ? h('p', { class: 'note' }, 'The export has the same rows, most recently seen first.') : null,
  );
  if (!combined) await load();
}

function row(v) {
  const target = v.customerId ? `#/customers/${encodeURIComponent(v.customerId)}` : `#/visitors/${encodeURIComponent(v.visitorId)}`;
  const open = () => (location.hash = target);
  return h(
    'tr',
    {
      tabindex: 0,
      class: 'link-row',
      'data-href': target,
      onclick: open,
      onkeydown: (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      },
    },
    h('td', {}, v.visitorId),
    h('td', {}, v.customerId ?? '–'),
    h('td', { class: 'num' }, fmt.num(v.score)),
    h('td', { class: 'num' }, fmt.int(v.events)),
    h('td', {}, fmt.time(v.lastSeen)),
  );
}

async function exportCsv({ segment, q }, button) {
  button.disabled = true;
  try {
    const blob = await apiBlob('/exports/visitors', { format: 'csv', segment, q });
    const a = h('a', { href: URL.createObjectURL(blob), download: `visitors${segment ? `-${segment}` : ''}.csv`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  } finally {
    button.disabled = false;
  }
}
