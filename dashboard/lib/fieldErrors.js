import { h } from './dom.js';

/**
 * Shows the API's 400 next to the input it names. Inputs carry `data-field` with the API's path
 * (`questions[1].showIf.question`); a path with no input of its own goes to its nearest ancestor that
 * has one (`questions[1].choices[2]` → the choices box), else to the form's summary. The input gets
 * aria-invalid and aria-describedby pointing at the message, and focus.
 */
export function showFieldError(form, field, message) {
  clearFieldErrors(form);
  const input = findField(form, field);
  const summary = form.querySelector('[data-error-summary]');
  if (summary) {
    summary.hidden = false;
    summary.textContent = `Not saved. ${message}`;
  }
  if (!input) return null;
  const note = h('p', { class: 'field-error', id: `${input.id || 'field'}-error`, 'data-field-error': '' }, message);
  input.setAttribute('aria-invalid', 'true');
  const described = input.getAttribute('aria-describedby');
  input.dataset.describedBefore = described ?? '';
  input.setAttribute('aria-describedby', [described, note.id].filter(Boolean).join(' '));
  input.after(note);
  input.focus();
  return input;
}

/** Removes every message and invalid mark showFieldError left. */
export function clearFieldErrors(form) {
  for (const note of form.querySelectorAll('[data-field-error]')) note.remove();
  for (const input of form.querySelectorAll('[aria-invalid="true"]')) {
    input.removeAttribute('aria-invalid');
    const before = input.dataset.describedBefore;
    if (before) input.setAttribute('aria-describedby', before);
    else input.removeAttribute('aria-describedby');
    delete input.dataset.describedBefore;
  }
  const summary = form.querySelector('[data-error-summary]');
  if (summary) summary.hidden = true;
}

function findField(form, field) {
  for (let path = field ?? ''; path; path = parent(path)) {
    const input = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (input) return input;
  }
  return null;
}

/** `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ''. */
function parent(path) {
  const up = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
  return up === path ? '' : up;
}
