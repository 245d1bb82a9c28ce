// Hash router of the dashboard: #/overview, #/visitors, #/customers/<id>, #/visitors/<id>, #/surveys,
// #/segments, #/segments/new, #/export, #/sources, #/goals, #/clusters, #/happy-index, #/service,
// #/surveys/new, #/surveys/<id>/edit. Every view reads the public read API with the read key from
// sessionStorage; the builders write with the write key when the tab holds one.
import { ApiError, SignInError } from './lib/api.js';
import { fill, h } from './lib/dom.js';
import { clearSession, getSession } from './lib/session.js';
import { acquisition } from './views/acquisition.js';
import { card } from './views/card.js';
import { goals } from './views/goals.js';
import { clusters } from './views/clusters.js';
import { overview } from './views/overview.js';
import { scoreCheck } from './views/scoreCheck.js';
import { exportDialog } from './views/exportDialog.js';
import { segmentBuilder } from './views/segmentBuilder.js';
import { segments } from './views/segments.js';
import { service } from './views/service.js';
import { signIn } from './views/signIn.js';
import { surveyBuilder } from './views/surveyBuilder.js';
import { surveys } from './views/surveys.js';
import { visitors } from './views/visitors.js';

const ROUTES = [
  [/^#\/overview$/, () => overview],
  [/^#\/visitors$/, () => visitors],
  [/^#\/customers\/(.+)$/, (id) => (main) => card(main, 'customer', id)],
  [/^#\/visitors\/(.+)$/, (id) => (main) => card(main, 'visitor', id)],
  [/^#\/surveys$/, () => surveys],
  [/^#\/surveys\/new$/, () => (main, params) => surveyBuilder(main, params)],
  [/^#\/surveys\/(.+)\/edit$/, (id) => (main, params) => surveyBuilder(main, params, id)],
  [/^#\/segments$/, () => segments],
  [/^#\/sources$/, () => acquisition],
  [/^#\/goals$/, () => goals],
  [/^#\/clusters$/, () => clusters],
  [/^#\/happy-index$/, () => scoreCheck],
  [/^#\/service$/, () => service],
  [/^#\/segments\/new$/, () => segmentBuilder],
  [/^#\/export$/, () => exportDialog],
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const signOut = document.getElementById('sign-out');

function chrome(signedIn) {
  nav.hidden = !signedIn;
  signOut.hidden = !signedIn;
  who.textContent = signedIn ? `Site: ${getSession().site}${getSession().writeKey ? ' (can edit)' : ''}` : '';
  const path = location.hash.split('?')[0];
  for (const a of nav.querySelectorAll('a')) {
    if (path.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

let rendering = 0;
async function render(message) {
  const run = ++rendering;
  if (!getSession()) {
    chrome(false);
    signIn(main, message);
    return;
  }
  const { hash } = location;
  const [path] = hash.split('?');
  const route = ROUTES.find(([re]) => re.test(path));
  if (!route) {
    location.replace('#/overview');
    return;
  }
  chrome(true);
  const id = path.match(route[0])[1];
  const view = route[1](id === undefined ? undefined : decodeURIComponent(id));
  fill(main, h('p', { role: 'status' }, 'Loading…'));
  try {
    await view(main, new URLSearchParams(hash.split('?')[1] ?? ''));
    if (run === rendering) {
      main.focus({ preventScroll: true });
      // For anyone timing the dashboard (npm run bench:dashboard): navigation start → this view on screen;
      // the detail says which view and filter (tests wait for the one the address names).
      performance.mark('hoptrail:view-ready', { detail: hash });
    }
  } catch (err) {
    if (run !== rendering) return;
    if (err instanceof SignInError) {
      chrome(false);
      signIn(main, err.message);
    } else {
      fill(main, h('h1', {}, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, err instanceof ApiError ? `${err.status}: ${err.message}` : String(err)));
    }
  }
}

signOut.addEventListener('click', () => {
  clearSession();
  history.replaceState(null, '', location.pathname);
  render('Signed out.');
});
window.addEventListener('hashchange', () => render());
render();
