/**
 * Decides whether a link found in a newsletter may become a tracked click destination. Only absolute
 * http(s) URLs without credentials, backslashes, control characters or unexpanded merge tags qualify;
 * the rest stays as written in the mail. Together with "destinations are looked up by link id", this is
 * why `/c/` can never redirect anywhere that was not prepared from a real http(s) link.
 */
export type Destination = { ok: true; url: string } | { ok: false; reason: string };

// Merge-tag syntaxes of common email tools: Mailchimp *|X|*, Liquid/Handlebars {{ }}, Salesforce %%X%%,
// Campaign Monitor [x], Smarty {$x}. A link holding one is completed per recipient by the tool, so its
// final address is unknown here.
const MERGE_TAG = /\*\||\|\*|\{\{|\}\}|%%|\{\$|\[[A-Za-z_]+[^\]]*\]/;

export function safeDestination(raw: string): Destination {
  const href = raw.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  if (!/^https?:\/\//i.test(href)) return { ok: false, reason: 'not an absolute http(s) URL' };
  if (/[\u0000-\u001f\u007f\\]/.test(href)) return { ok: false, reason: 'contains control characters or backslashes' };
  // Encoded controls (%0d%0a…) stay encoded in a Location header, but no real link needs them: refuse.
  if (/%(?:[01][0-9a-f]|7f)/i.test(href)) return { ok: false, reason: 'contains encoded control characters' };
  if (MERGE_TAG.test(href)) return { ok: false, reason: 'contains a merge tag' };
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'not http(s)' };
  if (url.username || url.password) return { ok: false, reason: 'carries credentials (user@host)' };
  if (!url.hostname) return { ok: false, reason: 'has no host' };
  if (url.href.length > 2048) return { ok: false, reason: 'longer than 2,048 characters' };
  return { ok: true, url: url.href };
}
