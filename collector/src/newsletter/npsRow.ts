/**
 * The one-click NPS row a prepared newsletter can carry: the question and eleven links, 0 to 10, each
 * to the survey's hosted page with its score (`/s/:site/:survey?score=N`). prepareNewsletter then turns
 * them into tracked links like any other, so a click is signed for its recipient.
 *
 * Mail clients strip <style> and most CSS: a table with inline styles is what renders everywhere. The
 * table is `role="presentation"` (layout, not data); each link's accessible name says the full answer
 * ("7 of 10") and the ends of the scale are written out, not only shown by position.
 */
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const NPS_MARKER = '<!--hoptrail:nps-->';

export interface NpsRowInput {
  /** The hosted page, without the score: `https://collector/s/site/survey`. */
  pageUrl: string;
  question: string;
  lowLabel: string;
  highLabel: string;
}

/** The hosted page address for a score (the destination each row link carries). */
export const scoreUrl = (pageUrl: string, score: number) => `${pageUrl}?score=${score}`;

export function npsRow({ pageUrl, question, lowLabel, highLabel }: NpsRowInput): string {
  const cell = 'padding:0 2px;';
  const link =
    'display:block;min-width:28px;padding:10px 0;border:1px solid #6b7280;border-radius:4px;background:#ffffff;color:#111827;font:bold 16px/1 Arial,Helvetica,sans-serif;text-align:center;text-decoration:none;';
  const cells = Array.from(
    { length: 11 },
    (_, n) => `<td style="${cell}"><a href="${esc(scoreUrl(pageUrl, n))}" style="${link}" aria-label="${n} of 10">${n}</a></td>`,
  ).join('');
  const ends = 'font:12px/1.4 Arial,Helvetica,sans-serif;color:#374151;padding-top:6px;';
  return (
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:separate;margin:16px 0;">` +
    `<tr><td colspan="11" style="font:bold 16px/1.4 Arial,Helvetica,sans-serif;color:#111827;padding-bottom:8px;">${esc(question)}</td></tr>` +
    `<tr>${cells}</tr>` +
    `<tr><td colspan="5" style="${ends}text-align:left;">0 = ${esc(lowLabel)}</td><td></td><td colspan="5" style="${ends}text-align:right;">10 = ${esc(highLabel)}</td></tr>` +
    `</table>`
  );
}

/** Puts the row where the author marked it (`<!--hoptrail:nps-->`), else at the end of the body. */
export function insertNpsRow(html: string, row: string): string {
  if (html.includes(NPS_MARKER)) return html.replace(NPS_MARKER, () => row);
  const at = html.toLowerCase().lastIndexOf('</body');
  return at < 0 ? html + row : html.slice(0, at) + row + html.slice(at);
}
