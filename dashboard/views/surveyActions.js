import { apiWrite, ApiError } from '../lib/api.js';
import { h } from '../lib/dom.js';

/**
 * A survey's edit actions in the list: edit, duplicate, pause / publish, delete (asked twice, in
 * place, so no browser dialog). Each goes through the public write API; `done` re-reads the list.
 */
export function surveyActions(def, done) {
  const paused = def.status === 'paused';
  const status = h('span', { class: `badge ${paused ? 'paused' : 'live'}` }, paused ? 'Paused' : 'Live');
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const write = async (method, body) => {
    try {
      await apiWrite(method, `/surveys/${encodeURIComponent(def.id)}`, body);
      await done();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      error.hidden = false;
      error.textContent = err.message;
    }
  };
  const { createdAt, updatedAt, ...definition } = def;
  const confirm = h(
    'span',
    { class: 'confirm', hidden: true },
    `Delete “${def.name}”? Its answers stay in the journeys. `,
    h('button', { type: 'button', class: 'danger', onclick: () => write('DELETE') }, `Yes, delete ${def.name}`),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          confirm.hidden = true;
          ask.focus();
        },
      },
      'Keep it',
    ),
  );
  const ask = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        confirm.hidden = false;
        confirm.querySelector('button').focus();
      },
    },
    `Delete ${def.name}`,
  );
  return h(
    'div',
    { class: 'row survey-actions' },
    status,
    h('a', { href: `#/surveys/${encodeURIComponent(def.id)}/edit` }, `Edit ${def.name}`),
    h('a', { href: `#/surveys/new?from=${encodeURIComponent(def.id)}` }, `Duplicate ${def.name}`),
    h('button', { type: 'button', class: 'secondary', onclick: () => write('PUT', { ...definition, status: paused ? 'active' : 'paused' }) }, `${paused ? 'Publish' : 'Pause'} ${def.name}`),
    ask,
    confirm,
    error,
  );
}
