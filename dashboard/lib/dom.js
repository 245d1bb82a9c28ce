// Builds DOM nodes without innerHTML: text always goes in as text, so API data cannot inject markup.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** An HTML element: h('p', { class: 'x' }, 'text', child). */
export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);

/** An SVG element. */
export const s = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

let ids = 0;
/** A document-unique id for aria-labelledby / label for. */
export const uid = (prefix = 'id') => `${prefix}-${++ids}`;

export const fmt = {
  int: (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-GB')),
  num: (n, digits = 1) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-GB', { maximumFractionDigits: digits })),
  pct: (n) => (n === null || n === undefined ? '–' : `${Number(n).toLocaleString('en-GB', { maximumFractionDigits: 1 })} %`),
  date: (ms) => (ms ? new Date(ms).toISOString().slice(0, 10) : '–'),
  time: (ms) => (ms ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '–'),
  signed: (n) => (n > 0 ? `+${fmt.num(n)}` : fmt.num(n)),
};

/** Replaces an element's children, skipping null/false (plain replaceChildren would print "null"). */
export function fill(el, ...children) {
  el.replaceChildren();
  return build(el, {}, children);
}
