import { Hono } from 'hono';
import type { AppEnv } from '../env';
/**
 * The hosted survey page's own script and stylesheet, served by the collector from here (a few
 * hundred bytes; the page's CSP allows only this origin's scripts and styles, never inline ones).
 */

/**
 * Shows the survey in its container; with a confirmation on the page, only after a press: "send" puts
 * the score in (the widget answers it at once), "another" shows the scale untouched.
 */
export const HOSTED_JS = `(function () {
  var box = document.querySelector('[data-hoptrail-hosted]');
  if (!box || !window.hoptrail) return;
  var show = function () { window.hoptrail.survey(box.getAttribute('data-hoptrail-hosted')); };
  var confirm = document.getElementById('hoptrail-confirm');
  if (!confirm) return show();
  var send = document.getElementById('hoptrail-send');
  var pick = function (value) {
    return function () {
      if (value) box.setAttribute('data-hoptrail-value', value);
      confirm.remove();
      show();
      box.focus();
    };
  };
  send.addEventListener('click', pick(send.value));
  document.getElementById('hoptrail-other').addEventListener('click', pick(''));
})();
`;

/**
 * Light and dark from the reader's system setting. The widget takes its theme from the --hoptrail-*
 * custom properties (they inherit into its shadow root), so one set of values themes both.
 */
// The page's h1 is the survey's title: the widget's own (still its region's label) is not shown twice.
export const HOSTED_CSS = `:root{--hoptrail-bg:#fff;--hoptrail-fg:#1b1b1f;--hoptrail-accent:#1f4fd1;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--hoptrail-bg:#1b1b1f;--hoptrail-fg:#f2f2f5;--hoptrail-accent:#8fb0ff}}
body{margin:0;background:var(--hoptrail-bg);color:var(--hoptrail-fg);font:16px/1.5 system-ui,sans-serif}
main{max-width:32rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.4rem;margin:0 0 1rem}
button{font:inherit;padding:.6rem 1rem;border-radius:6px;border:2px solid var(--hoptrail-accent);background:var(--hoptrail-accent);color:var(--hoptrail-bg);cursor:pointer;margin:0 .5rem .5rem 0}
button.secondary{background:transparent;color:var(--hoptrail-fg)}
button:focus-visible{outline:3px solid var(--hoptrail-fg);outline-offset:2px}
[data-hoptrail-hosted]:focus{outline:none}
[data-hoptrail-widget]::part(title){display:none}
`;

/** Not part of the API, like the SDK script: static, briefly cached, same-origin only. */
export const hostedAssetsRoute = new Hono<AppEnv>();
const asset = (body: string, type: string) =>
  new Response(body, { headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' } });
hostedAssetsRoute.get('/s/hosted.js', () => asset(HOSTED_JS, 'text/javascript'));
hostedAssetsRoute.get('/s/hosted.css', () => asset(HOSTED_CSS, 'text/css'));
