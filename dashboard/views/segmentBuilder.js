import { api, ApiError } from '../lib/api.js';
import { apiSend } from '../lib/apiSend.js';
import { fill, fmt, h, uid } from '../lib/dom.js';
import { clearFieldErrors, showFieldError } from '../lib/fieldErrors.js';
import { CONDITIONS, conditionByKey, conditionValue } from '../lib/segmentConditions.js';

/** Wait this long after the last edit before counting: one request per pause, not per key press. */
const COUNT_DELAY_MS = 400;
const MODES = [
  ['all', 'all of'],
  ['any', 'any of'],
];

/**
 * The segment builder (#/segments/new): groups of conditions joined by AND (all) or OR (any), a live
 * count from POST /segments/preview (read key) while editing, and Save through POST /segments (write
 * API). Every input carries `data-field` with the API's path of its value, so a 400 lands next to it.
 */
export async function segmentBuilder(main) {
  const [{ builtin }, { surveys }, clusters] = await Promise.all([api('/segments'), api('/surveys'), latestClusters()]);
  const ctx = { builtin, surveys, clusters };
  const ids = { name: uid('seg-name'), top: uid('seg-top') };
  const groups = h('div', { class: 'seg-groups' });
  const count = h('p', { class: 'seg-count', role: 'status', 'data-testid': 'segment-count' }, 'Counting…');
  const saved = h('p', { class: 'seg-saved', role: 'status' });
  const topMode = h('select', { id: ids.top }, MODES.map(([v, label]) => h('option', { value: v }, `${label} these groups`)));
  const saveButton = h('button', { type: 'submit', 'data-field': 'authorization' }, 'Save segment');
  const form = h(
    'form',
    { class: 'card seg-builder', 'aria-labelledby': 'seg-title', novalidate: true, onsubmit: save, oninput: changed, onchange: changed },
    h('p', { class: 'error', role: 'alert', 'data-error-summary': '', hidden: true }),
    h('div', { class: 'field' }, h('label', { for: ids.name }, 'Segment name'), h('input', { id: ids.name, name: 'name', 'data-field': 'name', required: true, maxlength: 128, autocomplete: 'off' })),
    h('div', { class: 'field' }, h('label', { for: ids.top }, 'People match'), topMode),
    groups,
    h('button', { type: 'button', class: 'secondary seg-add-group', onclick: () => addGroup(true) }, 'Add group'),
    count,
    h('div', { class: 'seg-actions' }, saveButton),
    saved,
  );
  fill(main, h('h1', { id: 'seg-title' }, 'New segment'), h('p', { class: 'note' }, 'Combine conditions into groups. The count updates as you edit; a saved segment filters the visitors list, exports and survey targeting.'), form);

  function addGroup(focus) {
    const list = h('ol', { class: 'seg-conditions' });
    const modeId = uid('seg-mode');
    const legend = h('legend');
    const mode = h('select', { id: modeId, class: 'seg-mode' }, MODES.map(([v, label]) => h('option', { value: v }, `${label} these conditions`)));
    const group = h(
      'fieldset',
      { class: 'seg-group' },
      legend,
      h('div', { class: 'field' }, h('label', { for: modeId }, 'People in this group match'), mode),
      list,
      h('div', { class: 'seg-actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => addCondition(list, true) }, 'Add condition'),
        h('button', { type: 'button', class: 'secondary seg-remove-group', onclick: () => remove(group, groups) }, 'Remove group')),
    );
    groups.append(group);
    addCondition(list, false);
    changed();
    if (focus) mode.focus();
  }

  function addCondition(list, focus) {
    const kindId = uid('seg-kind');
    const kind = h('select', { id: kindId, class: 'seg-kind' }, CONDITIONS.map((c) => h('option', { value: c.key }, c.label)));
    const fields = h('div', { class: 'seg-fields' });
    const item = h(
      'li',
      { class: 'seg-condition' },
      h('div', { class: 'field' }, h('label', { for: kindId }, 'Condition'), kind),
      fields,
      h('button', { type: 'button', class: 'secondary seg-remove', onclick: () => remove(item, list) }, 'Remove condition'),
    );
    kind.addEventListener('change', () => fields.replaceChildren(...conditionFields(kind.value, ctx)));
    fields.append(...conditionFields(kind.value, ctx));
    list.append(item);
    changed();
    if (focus) kind.focus();
  }

  /** Removes a group or condition and moves focus to what took its place (keyboard users keep their spot). */
  function remove(el, parent) {
    const next = el.nextElementSibling ?? el.previousElementSibling;
    el.remove();
    changed();
    (next?.querySelector('select') ?? form.querySelector('button'))?.focus();
  }

  /** The rule as the inputs say now; also renumbers every input's API path for error messages. */
  function readRule() {
    const top = topMode.value;
    topMode.dataset.field = 'rule';
    const groupEls = [...groups.children];
    const rule = {
      [top]: groupEls.map((g, gi) => {
        const mode = g.querySelector('.seg-mode');
        const path = `rule.${top}[${gi}]`;
        mode.dataset.field = path;
        g.querySelector('legend').textContent = `Group ${gi + 1}`;
        g.querySelector('.seg-remove-group').disabled = groupEls.length === 1;
        const items = [...g.querySelectorAll('.seg-condition')];
        return {
          [mode.value]: items.map((item, ci) => {
            const kind = item.querySelector('.seg-kind');
            const def = conditionByKey(kind.value);
            const at = `${path}.${mode.value}[${ci}]`;
            kind.dataset.field = at;
            item.querySelector('.seg-remove').disabled = items.length === 1;
            const inputs = [...item.querySelectorAll('.seg-fields [data-name]')];
            inputs.forEach((input) => (input.dataset.field = input.dataset.name ? `${at}.${def.key}.${input.dataset.name}` : `${at}.${def.key}`));
            return conditionValue(def, inputs.map((i) => i.value.trim()));
          }),
        };
      }),
    };
    return rule;
  }

  let timer;
  let inFlight;
  function changed(e) {
    saved.textContent = '';
    if (e?.target?.name === 'name') return; // the name does not change who matches
    clearTimeout(timer);
    timer = setTimeout(preview, COUNT_DELAY_MS);
  }

  async function preview() {
    inFlight?.abort();
    const controller = (inFlight = new AbortController());
    const rule = readRule();
    count.textContent = 'Counting…';
    try {
      const r = await apiSend('POST', '/segments/preview', { rule }, { signal: controller.signal });
      clearFieldErrors(form);
      count.textContent = `${fmt.int(r.people)} ${r.people === 1 ? 'person' : 'people'} (${fmt.int(r.visitors)} ${r.visitors === 1 ? 'visitor' : 'visitors'}) match${r.complete ? '' : `, among the ${fmt.int(r.scanned)} most recently seen visitors`}.`;
      count.dataset.people = String(r.people);
    } catch (err) {
      if (controller.signal.aborted) return;
      count.textContent = 'Not counted: fix the marked field.';
      delete count.dataset.people;
      // The count runs while typing: show the message without taking focus from where the user is.
      const active = document.activeElement;
      showFieldError(form, err.field, err.message);
      active?.focus();
    }
  }

  async function save(e) {
    e.preventDefault();
    clearTimeout(timer);
    clearFieldErrors(form);
    saveButton.disabled = true;
    try {
      const name = form.elements.name.value.trim();
      const { segment } = await apiSend('POST', '/segments', { name, rule: readRule() }, { write: true });
      saved.replaceChildren(
        `Saved “${segment.name}”. `,
        h('a', { href: `#/visitors?segment=${encodeURIComponent(segment.id)}` }, 'See its visitors'),
        ' · ',
        h('a', { href: `#/export?segment=${encodeURIComponent(segment.id)}` }, 'Export it'),
      );
    } catch (err) {
      showFieldError(form, err.field, err.message);
    } finally {
      saveButton.disabled = false;
    }
  }

  addGroup(false);
  clearTimeout(timer);
  await preview();
}

/** The groups of the latest clustering; none (404) before the daily cron has computed one. */
async function latestClusters() {
  try {
    return (await api('/clusters')).groups;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
}

/** The inputs of one condition kind, each labelled, carrying its rule key in data-name. */
function conditionFields(key, ctx) {
  return conditionByKey(key).fields.map((f) => {
    const id = uid('seg-f');
    const attrs = { id, 'data-name': f.name ?? '', class: f.kind === 'number' ? 'short' : null };
    const input =
      f.kind === 'select'
        ? h('select', attrs, f.options(ctx).map(([v, label]) => h('option', { value: v, selected: v === f.value }, label)))
        : h('input', { ...attrs, type: f.kind === 'number' ? 'number' : 'text', min: f.min, value: f.value ?? '', inputmode: f.kind === 'number' ? 'decimal' : null, autocomplete: 'off' });
    return h('div', { class: 'field' }, h('label', { for: id }, f.optional ? `${f.label} (optional)` : f.label), input);
  });
}
