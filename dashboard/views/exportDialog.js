import { api } from '../lib/api.js';
import { rowCounter } from '../lib/countRows.js';
import { fill, fmt, h, uid } from '../lib/dom.js';
import { getSession } from '../lib/session.js';
import { TYPE } from '../vocabulary.js';

const KINDS = {
  journeys: 'Journeys: one row per event',
  visitors: 'Visitors: one row per visitor, with Happy Index and segments',
};
const DAY = 86_400_000;

/**
 * The export dialog (#/export?segment=&kind=): GET /exports/journeys or /exports/visitors streamed with
 * fetch, since the read key goes in a header (a plain link cannot carry it). Rows and bytes are counted
 * as the body arrives; the file is offered as a Blob once complete. Cancel aborts the request.
 */
export async function exportDialog(main, params) {
  const { builtin, saved } = await api('/segments');
  const today = new Date().toISOString().slice(0, 10);
  const ids = { from: uid('from'), to: uid('to'), segment: uid('segment'), campaign: uid('campaign') };
  const kindName = params.get('kind') === 'visitors' ? 'visitors' : 'journeys';
  const status = h('p', { role: 'status', class: 'export-status', 'data-testid': 'export-status' });
  const progress = h('progress', { 'aria-label': 'Export progress', hidden: true });
  const result = h('p', { class: 'export-result' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const start = h('button', { type: 'submit' }, 'Start export');
  const cancel = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Cancel');
  let controller = null;

  const radio = (name, value, label, checked) => {
    const id = uid(name);
    return h('div', { class: 'check' }, h('input', { type: 'radio', id, name, value, checked }), h('label', { for: id }, label));
  };
  const typeBoxes = Object.values(TYPE).map((t) => {
    const id = uid('type');
    return h('div', { class: 'check' }, h('input', { type: 'checkbox', id, name: 'types', value: t }), h('label', { for: id }, t));
  });
  const journeyOnly = h(
    'div',
    { class: 'journey-only' },
    h('div', { class: 'field' }, h('label', { for: ids.campaign }, 'Campaign (optional)'), h('input', { id: ids.campaign, name: 'campaign', autocomplete: 'off', maxlength: 500 })),
    h('fieldset', { class: 'types' }, h('legend', {}, 'Event types (none ticked: all)'), typeBoxes),
  );
  const form = h(
    'form',
    { class: 'card export-dialog', 'aria-labelledby': 'export-title', onsubmit: run, onchange: () => syncKind() },
    h('fieldset', {}, h('legend', {}, 'What to export'), Object.entries(KINDS).map(([v, label]) => radio('kind', v, label, v === kindName))),
    h(
      'div',
      { class: 'export-row' },
      h('div', { class: 'field' }, h('label', { for: ids.from }, 'From (UTC day)'), h('input', { id: ids.from, name: 'from', type: 'date', value: new Date(Date.parse(today) - 29 * DAY).toISOString().slice(0, 10) })),
      h('div', { class: 'field' }, h('label', { for: ids.to }, 'To (UTC day, included)'), h('input', { id: ids.to, name: 'to', type: 'date', value: today })),
      h(
        'div',
        { class: 'field' },
        h('label', { for: ids.segment }, 'Segment'),
        h(
          'select',
          { id: ids.segment, name: 'segment' },
          h('option', { value: '' }, 'Everyone'),
          builtin.map((s) => h('option', { value: s.id, selected: s.id === params.get('segment') }, s.id)),
          saved.map((s) => h('option', { value: s.id, selected: s.id === params.get('segment') }, s.name)),
        ),
      ),
    ),
    journeyOnly,
    h('fieldset', {}, h('legend', {}, 'Format'), radio('format', 'csv', 'CSV (spreadsheets)', true), radio('format', 'ndjson', 'NDJSON (one JSON object per line)', false)),
    error,
    h('div', { class: 'seg-actions' }, start, cancel),
    progress,
    status,
    result,
  );
  cancel.addEventListener('click', () => controller?.abort());
  fill(main, h('h1', { id: 'export-title' }, 'Export'), form);
  syncKind();

  /** Campaign and event types filter journeys only: hidden for visitors, so nothing shown is ignored. */
  function syncKind() {
    journeyOnly.hidden = form.elements.kind.value !== 'journeys';
  }

  async function run(e) {
    e.preventDefault();
    const data = new FormData(form);
    const kind = data.get('kind');
    const format = data.get('format');
    const from = data.get('from') ? Date.parse(data.get('from')) : undefined;
    const to = data.get('to') ? Date.parse(data.get('to')) + DAY : undefined;
    const query = { format, from, to, segment: data.get('segment') };
    if (kind === 'journeys') Object.assign(query, { campaign: data.get('campaign').trim(), types: data.getAll('types').join(',') });
    error.hidden = true;
    result.replaceChildren();
    start.disabled = true;
    cancel.disabled = false;
    progress.hidden = false;
    progress.removeAttribute('value');
    controller = new AbortController();
    const counter = rowCounter(format);
    let bytes = 0;
    status.textContent = 'Starting…';
    const show = (done) => {
      const rows = Math.max(0, counter.rows - (format === 'csv' ? 1 : 0)); // the CSV header is not a row
      status.textContent = `${done ? 'Done' : 'Exporting'}: ${fmt.int(rows)} rows, ${size(bytes)}${done ? '.' : '…'}`;
      status.dataset.rows = String(rows);
      status.dataset.bytes = String(bytes);
      return rows;
    };
    try {
      const { site, key } = getSession();
      const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
      const res = await fetch(`/v1/sites/${encodeURIComponent(site)}/exports/${kind}?${q}`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new Error(body.error ?? `HTTP ${res.status}`);
      }
      const chunks = [];
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        counter.add(value);
        show(false);
      }
      const rows = show(true);
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${kind}.${format}`;
      const url = URL.createObjectURL(new Blob(chunks, { type: res.headers.get('content-type') ?? 'text/plain' }));
      const link = h('a', { href: url, download: name, class: 'button' }, `Save ${name} (${fmt.int(rows)} rows, ${size(bytes)})`);
      result.replaceChildren(link);
      link.focus();
    } catch (err) {
      if (controller.signal.aborted) {
        status.textContent = `Cancelled after ${fmt.int(Math.max(0, counter.rows - (format === 'csv' ? 1 : 0)))} rows, ${size(bytes)}. Nothing was saved.`;
      } else {
        error.hidden = false;
        error.textContent = `Export failed: ${err.message}`;
      }
    } finally {
      start.disabled = false;
      cancel.disabled = true;
      progress.hidden = true;
      controller = null;
    }
  }
}

const size = (n) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${fmt.num(n / 1024)} KB` : `${fmt.num(n / 1024 / 1024)} MB`);
