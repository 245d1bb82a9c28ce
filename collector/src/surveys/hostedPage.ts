import { hostedStrings } from './hostedStrings';

/**
 * The HTML of a hosted survey page: a container the real SDK's survey widget fills inline
 * (`data-hoptrail-hosted`, chunks/survey.ts), the SDK script tag, and the page script that asks for the
 * survey (`hoptrail.survey(id)`). What the widget needs from the server travels in data attributes:
 *   data-hoptrail-value     the score from the link, answered on load (only when the visit is trusted)
 *   data-hoptrail-response  the response id, one per (campaign, recipient, survey): a later click's
 *                           answer replaces the earlier one in results
 *   data-hoptrail-channel   email (a newsletter click), sms, other
 * An untrusted visit with a score gets a confirmation instead: the score is sent only on a person's press.
 */
export interface HostedPageInput {
  site: string;
  surveyId: string;
  title: string;
  /** The first question, as the confirmation asks about it. */
  question: string;
  lang: string;
  channel: string;
  responseId?: string;
  score?: number;
  /** Record the score on load (a signed click by a person); otherwise ask to confirm it. */
  trusted: boolean;
}

export const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function shell(lang: string, title: string, body: string, scripts = ''): string {
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/s/hosted.css">
${scripts}</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function hostedPage(p: HostedPageInput): string {
  const t = hostedStrings(p.lang);
  const attrs = [
    `data-hoptrail-hosted="${esc(p.surveyId)}"`,
    `tabindex="-1"`,
    `data-hoptrail-channel="${esc(p.channel)}"`,
    ...(p.responseId ? [`data-hoptrail-response="${esc(p.responseId)}"`] : []),
    ...(p.score !== undefined && p.trusted ? [`data-hoptrail-value="${p.score}"`] : []),
  ].join(' ');
  const confirm =
    p.score !== undefined && !p.trusted
      ? `<section id="hoptrail-confirm" aria-labelledby="hoptrail-confirm-text">
<p id="hoptrail-confirm-text">${esc(p.question)} ${esc(t.confirm(p.score))}</p>
<p><button type="button" id="hoptrail-send" value="${p.score}">${esc(t.send(p.score))}</button>
<button type="button" id="hoptrail-other" class="secondary">${esc(t.other)}</button></p>
</section>
`
      : '';
  // `defer` on both: the SDK runs first (it defines window.hoptrail), then the page script.
  const scripts = `<script defer src="/hoptrail.js" data-site="${esc(p.site)}"></script>
<script defer src="/s/hosted.js"></script>
`;
  return shell(p.lang, p.title, `<h1>${esc(p.title)}</h1>\n${confirm}<div ${attrs}></div>`, scripts);
}

/** Unknown site or survey, or a paused one: a page a person can read, not an API error. */
export function hostedNotFound(lang: string): string {
  const t = hostedStrings(lang);
  return shell(lang, t.goneTitle, `<h1>${esc(t.goneTitle)}</h1>\n<p>${esc(t.gone)}</p>`);
}
