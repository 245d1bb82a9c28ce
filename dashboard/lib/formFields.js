import { getPath, setPath } from './draftPath.js';
import { h, uid } from './dom.js';

/**
 * Labelled inputs bound to a draft by field path (see draftPath.js). Each input carries `data-field`
 * (for the API's 400, lib/fieldErrors.js); typing writes the draft and calls `changed()`; `restructure`
 * inputs (a type, a condition) call `rerender(path)` instead, since they change which fields exist.
 */
export function formFields(draft, { changed, rerender }) {
  const bind = (el, path, read, opts = {}) => {
    el.setAttribute('data-field', path);
    el.addEventListener(opts.restructure ? 'change' : 'input', () => {
      setPath(draft, path, read(el));
      opts.after?.();
      if (opts.restructure) rerender(path);
      else changed();
    });
    return el;
  };
  const wrap = (id, label, input, hint) => {
    const hintId = hint ? uid('hint') : null;
    if (hintId) input.setAttribute('aria-describedby', hintId);
    return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'note', id: hintId }, hint) : null);
  };
  const blank = (v) => (v === '' ? undefined : v);

  return {
    text(label, path, opts = {}) {
      const id = uid('f');
      const tag = opts.multiline ? 'textarea' : 'input';
      const input = h(tag, { id, required: opts.required, placeholder: opts.placeholder, autocomplete: 'off', list: opts.list, rows: opts.multiline ? 2 : undefined });
      input.value = getPath(draft, path) ?? '';
      return wrap(id, label, bind(input, path, (el) => blank(el.value), opts), opts.hint);
    },
    number(label, path, opts = {}) {
      const id = uid('f');
      const input = h('input', { id, type: 'number', inputmode: 'decimal', min: opts.min, max: opts.max, step: opts.step ?? 'any', class: 'short' });
      input.value = getPath(draft, path) ?? '';
      return wrap(id, label, bind(input, path, (el) => (el.value === '' ? undefined : Number(el.value)), opts), opts.hint);
    },
    /** One entry per line (choices, anyOf); empty → not given. */
    lines(label, path, opts = {}) {
      const id = uid('f');
      const input = h('textarea', { id, rows: 3 });
      input.value = (getPath(draft, path) ?? []).join('\n');
      const read = (el) => {
        const list = el.value.split('\n').map((l) => l.trim()).filter(Boolean);
        return list.length ? list : opts.keepEmpty ? [] : undefined;
      };
      return wrap(id, label, bind(input, path, read, opts), opts.hint ?? 'One per line.');
    },
    check(label, path, opts = {}) {
      const id = uid('f');
      const input = h('input', { id, type: 'checkbox', checked: getPath(draft, path) ?? opts.default ?? false });
      const hintId = opts.hint ? uid('hint') : null;
      if (hintId) input.setAttribute('aria-describedby', hintId);
      bind(input, path, (el) => (el.checked ? true : opts.default === undefined ? undefined : false), opts);
      return h('div', { class: 'field check' }, input, h('label', { for: id }, label), opts.hint ? h('p', { class: 'note', id: hintId }, opts.hint) : null);
    },
    /** options: [value, label] pairs; the value '' means "not given". */
    select(label, path, options, opts = {}) {
      const id = uid('f');
      const value = getPath(draft, path) ?? '';
      const input = h('select', { id }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
      return wrap(id, label, bind(input, path, (el) => blank(el.value), opts), opts.hint);
    },
  };
}
