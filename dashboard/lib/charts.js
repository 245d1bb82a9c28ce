// Plain SVG charts. Each is a <figure> whose SVG has role="img", a <title> and an aria-label, followed
// by the same numbers as a table (the text alternative, also what a keyboard or screen-reader user reads).
import { fmt, h, s, uid } from './dom.js';

function figure(title, svg, table, caption) {
  const id = uid('chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-t`);
  svg.prepend(s('title', { id: `${id}-t` }, title));
  return h('figure', { class: 'chart' }, h('figcaption', {}, caption ?? title), svg, h('details', {}, h('summary', {}, `${title}: table`), table));
}

const table = (head, rows) =>
  h('table', {}, h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));

/**
 * Horizontal bars, one per item. `signed`: bars grow left (negative) or right (positive) from zero,
 * e.g. score contributions.
 */
export function barChart({ title, items, format = fmt.num, signed = false, unit = '' }) {
  const W = 440;
  const labelW = 150;
  const row = 28;
  const H = Math.max(row * items.length + 8, 34);
  const plot = W - labelW - 70;
  const max = Math.max(1e-9, ...items.map((i) => Math.abs(i.value)));
  const zero = signed ? labelW + plot / 2 : labelW;
  const scale = (signed ? plot / 2 : plot) / max;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', class: 'bars' });
  items.forEach((item, i) => {
    const y = 4 + i * row;
    const len = Math.abs(item.value) * scale;
    const x = item.value < 0 ? zero - len : zero;
    const cls = signed ? (item.value < 0 ? 'neg' : 'pos') : 'bar';
    svg.append(
      s('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'label' }, item.label),
      s('rect', { x, y: y + 3, width: Math.max(len, 1), height: row - 8, class: cls }),
      s('text', { x: (item.value < 0 ? x - 4 : x + len + 4), y: y + 16, 'text-anchor': item.value < 0 ? 'end' : 'start', class: 'value' }, `${signed ? fmt.signed(item.value) : format(item.value)}${unit}`),
    );
  });
  if (signed) svg.append(s('line', { x1: zero, x2: zero, y1: 0, y2: H, class: 'axis' }));
  return figure(title, svg, table(['', 'value'], items.map((i) => [i.label, `${signed ? fmt.signed(i.value) : format(i.value)}${unit}`])));
}

/** Vertical bars for a distribution (e.g. the Happy Index histogram). */
export function columnChart({ title, items }) {
  const W = 560;
  const H = 200;
  const base = H - 24;
  const colW = W / Math.max(items.length, 1);
  const max = Math.max(1, ...items.map((i) => i.value));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', class: 'columns' });
  items.forEach((item, i) => {
    const hgt = (item.value / max) * (base - 20);
    const x = i * colW + 4;
    svg.append(
      s('rect', { x, y: base - hgt, width: colW - 8, height: Math.max(hgt, 0.5), class: item.cls ?? 'bar' }),
      s('text', { x: x + (colW - 8) / 2, y: base - hgt - 4, 'text-anchor': 'middle', class: 'value' }, fmt.int(item.value)),
      s('text', { x: x + (colW - 8) / 2, y: H - 6, 'text-anchor': 'middle', class: 'label' }, item.label),
    );
  });
  svg.append(s('line', { x1: 0, x2: W, y1: base, y2: base, class: 'axis' }));
  return figure(title, svg, table(['range', 'people'], items.map((i) => [i.label, fmt.int(i.value)])));
}

/** A line over time (trends). Points: { label, value }. */
export function lineChart({ title, points, min = 0, max = 100 }) {
  const W = 560;
  const H = 180;
  const pad = 28;
  const x = (i) => pad + (points.length < 2 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (points.length - 1));
  const y = (v) => H - pad - ((v - min) / (max - min || 1)) * (H - 2 * pad);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', class: 'line' });
  svg.append(
    s('line', { x1: pad, x2: W - pad, y1: H - pad, y2: H - pad, class: 'axis' }),
    s('text', { x: 2, y: y(max) + 4, class: 'label' }, String(max)),
    s('text', { x: 2, y: y(min) + 4, class: 'label' }, String(min)),
    s('polyline', { points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(' '), class: 'series' }),
    ...points.map((p, i) => s('circle', { cx: x(i), cy: y(p.value), r: 5, class: 'dot' })),
  );
  if (points.length === 1) svg.append(s('text', { x: x(0), y: H - 8, class: 'label', 'text-anchor': 'middle' }, points[0].label));
  else if (points.length) {
    svg.append(
      s('text', { x: x(0), y: H - 8, class: 'label', 'text-anchor': 'start' }, points[0].label),
      s('text', { x: x(points.length - 1), y: H - 8, class: 'label', 'text-anchor': 'end' }, points.at(-1).label),
    );
  }
  return figure(title, svg, table(['day', 'value'], points.map((p) => [p.label, fmt.num(p.value)])));
}

/** A half-circle gauge from −100 to 100 (NPS). */
export function gauge({ title, value, min = -100, max = 100 }) {
  const W = 240;
  const H = 140;
  const cx = W / 2;
  const cy = 120;
  const r = 96;
  const point = (v) => {
    const a = Math.PI * (1 - (v - min) / (max - min));
    return [cx + r * Math.cos(a), cy - r * Math.sin(a)];
  };
  const [ex, ey] = point(value ?? min);
  const [sx, sy] = point(min);
  const [mx, my] = point(max);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: 240, class: 'gauge' });
  svg.append(
    s('path', { d: `M ${sx} ${sy} A ${r} ${r} 0 0 1 ${mx} ${my}`, class: 'track' }),
    value === null ? null : s('path', { d: `M ${sx} ${sy} A ${r} ${r} 0 0 1 ${ex} ${ey}`, class: value < 0 ? 'fill neg' : 'fill pos' }),
    s('text', { x: cx, y: cy - 10, 'text-anchor': 'middle', class: 'big' }, value === null ? '–' : fmt.signed(value)),
    s('text', { x: sx, y: cy + 16, 'text-anchor': 'middle', class: 'label' }, String(min)),
    s('text', { x: mx, y: cy + 16, 'text-anchor': 'middle', class: 'label' }, String(max)),
  );
  return figure(title, svg, table(['', 'value'], [[title, value === null ? 'no answers' : fmt.signed(value)]]));
}
