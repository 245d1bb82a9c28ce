/**
 * The survey builder's live preview, in a same-origin iframe (its own CSP: the widget styles its shadow
 * root with a <style> element, which the dashboard's CSP refuses). It runs the REAL survey chunk, the
 * one the SDK lazy-loads on sites, with the draft the builder posts: `{ survey, settings, lang, theme }`.
 * Nothing is sent: the widget's emit is a no-op.
 */
import { SDK_BUILD } from '../sdkBuild.js';

/** Drafts get ids `PREFIX-<run>`: a widget of an older draft still on its way in is removed on arrival. */
const PREFIX = 'hoptrail-dashboard-preview';
const REST_KEY = 'hoptrail_rest';
const chunk = import(`/sdk/${SDK_BUILD}/survey.js`);
const page = document.getElementById('page');
let shown = 0;
let current = '';

// A pop-up focuses itself when it opens: fine on a site, but here it would pull focus out of the field
// the marketer is typing in. Focus moves inside the preview only once the person is in it.
const focus = HTMLElement.prototype.focus;
HTMLElement.prototype.focus = function (options) {
  if (document.hasFocus()) focus.call(this, options);
};

new MutationObserver(() => {
  for (const el of document.querySelectorAll('[data-hoptrail-widget]')) if (el.getAttribute('data-hoptrail-widget') !== current) el.remove();
}).observe(document.body, { childList: true, subtree: true });

addEventListener('message', async (e) => {
  if (e.origin !== location.origin || e.data?.type !== 'hoptrail-preview') return;
  const run = ++shown;
  const { start } = await chunk;
  if (run !== shown) return;
  const { survey, settings, lang, theme, site } = e.data;
  forgetRest();
  document.documentElement.lang = lang || survey.lang;
  for (const [name, value] of Object.entries(theme ?? {})) {
    if (value) document.documentElement.style.setProperty(name, value);
    else document.documentElement.style.removeProperty(name);
  }
  current = `${PREFIX}-${run}`;
  for (const old of document.querySelectorAll('[data-hoptrail-widget], [data-hoptrail-survey]')) old.remove();
  const draft = { ...survey, id: current };
  if (draft.placement.kind === 'inline') {
    const slot = document.createElement('div');
    slot.setAttribute('data-hoptrail-survey', current);
    page.append(slot);
  }
  // Targeting and fatigue are left out: the preview shows now, every time (the real ones apply on sites).
  start(`/v1/sites/${encodeURIComponent(site)}/surveys/`, { surveys: [draft], settings }, () => {}, () => 'dashboard-preview');
  parent.postMessage({ type: 'hoptrail-preview-shown', run }, location.origin);
});

function forgetRest() {
  try {
    const off = JSON.parse(localStorage.getItem(REST_KEY) || '{}');
    for (const id of Object.keys(off)) if (id.startsWith(PREFIX)) delete off[id];
    localStorage.setItem(REST_KEY, JSON.stringify(off));
  } catch {
    // No storage: the widget keeps its memory in the page, which reloads with the iframe.
  }
}

parent.postMessage({ type: 'hoptrail-preview-ready' }, location.origin);
