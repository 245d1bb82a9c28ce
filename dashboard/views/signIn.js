import { fill, h, uid } from '../lib/dom.js';
import { getSession, setSession } from '../lib/session.js';

/** The sign-in form: site id and read key, kept in sessionStorage (never in the URL). */
export function signIn(main, message) {
  const siteId = uid('site');
  const keyId = uid('key');
  const last = getSession();
  const form = h(
    'form',
    {
      class: 'card sign-in',
      'aria-labelledby': 'sign-in-title',
      onsubmit: (e) => {
        e.preventDefault();
        const data = new FormData(form);
        setSession(String(data.get('site')).trim(), String(data.get('key')).trim());
        if (location.hash === '#/overview') window.dispatchEvent(new HashChangeEvent('hashchange'));
        else location.hash = '#/overview';
      },
    },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    message ? h('p', { class: 'error', role: 'alert' }, message) : null,
    h('p', {}, 'Use a read key of your site. It stays in this tab only and is forgotten when you sign out or close it.'),
    h('label', { for: siteId }, 'Site id'),
    h('input', { id: siteId, name: 'site', required: true, autocomplete: 'off', value: last?.site ?? 'demo', pattern: '[a-z0-9_-]{1,64}' }),
    h('label', { for: keyId }, 'Read key'),
    h('input', { id: keyId, name: 'key', type: 'password', required: true, autocomplete: 'off' }),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  fill(main, form);
  form.querySelector(message ? `#${keyId}` : `#${siteId}`)?.focus();
}
