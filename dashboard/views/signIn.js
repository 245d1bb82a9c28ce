import { fill, h, uid } from '../lib/dom.js';
import { getSession, setSession } from '../lib/session.js';

/**
 * The sign-in form: site id, read key and an optional write key, kept in sessionStorage (never in the
 * URL). Without a write key the dashboard only reads.
 */
export function signIn(main, message) {
  const siteId = uid('site');
  const keyId = uid('key');
  const writeId = uid('write-key');
  const writeHelp = uid('write-help');
  const last = getSession();
  const form = h(
    'form',
    {
      class: 'card sign-in',
      'aria-labelledby': 'sign-in-title',
      onsubmit: (e) => {
        e.preventDefault();
        const data = new FormData(form);
        setSession(String(data.get('site')).trim(), String(data.get('key')).trim(), String(data.get('writeKey')).trim());
        if (location.hash === '#/overview') window.dispatchEvent(new HashChangeEvent('hashchange'));
        else location.hash = '#/overview';
      },
    },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    message ? h('p', { class: 'error', role: 'alert' }, message) : null,
    h('p', {}, 'Use a read key of your site. The keys stay in this tab only and are forgotten when you sign out or close it.'),
    h('label', { for: siteId }, 'Site id'),
    // `\-`, not a bare trailing `-`: browsers compile `pattern` with the `v` flag, where a bare `-` in a class is an error.
    h('input', { id: siteId, name: 'site', required: true, autocomplete: 'off', value: last?.site ?? 'demo', pattern: '[a-z0-9_\\-]{1,64}', title: 'Lowercase letters, digits, _ or -' }),
    h('label', { for: keyId }, 'Read key'),
    h('input', { id: keyId, name: 'key', type: 'password', required: true, autocomplete: 'off' }),
    h('label', { for: writeId }, 'Write key (optional)'),
    h('input', { id: writeId, name: 'writeKey', type: 'password', autocomplete: 'off', 'aria-describedby': writeHelp }),
    h('p', { id: writeHelp, class: 'note' }, 'Only to create and edit surveys; it is sent with edits and nothing else.'),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  fill(main, form);
  form.querySelector(message ? `#${keyId}` : `#${siteId}`)?.focus();
}
