import { decodeEntities } from './htmlEntities';

/** Where a link's address sits in the source, so it can be replaced without touching anything else. */
export interface FoundLink {
  /** Offsets of the address itself (inside the quotes, if any). */
  start: number;
  end: number;
  /** The address as a browser would read it (entities decoded). */
  href: string;
}

// Tags whose href a reader clicks: <a>, image maps, and Outlook's VML buttons (<v:roundrect href>,
// found inside <!--[if mso]> blocks in most bulletproof-button templates).
const TAG = /<(a|area|v:[a-z]+)\b[^>]*>/gi;
const HREF = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;

/** Every clickable href in an HTML document, in order. */
export function findHtmlLinks(html: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const tag of html.matchAll(TAG)) {
    const attr = HREF.exec(tag[0]);
    if (!attr) continue;
    const value = attr[1] ?? attr[2] ?? attr[3];
    const quoted = attr[1] !== undefined || attr[2] !== undefined;
    const start = tag.index! + attr.index + attr[0].length - value.length - (quoted ? 1 : 0);
    links.push({ start, end: start + value.length, href: decodeEntities(value) });
  }
  return links;
}

// Bare URLs in plain text end at whitespace or a delimiter; trailing sentence punctuation is not theirs.
const TEXT_URL = /https?:\/\/[^\s<>"'`]+/gi;

/** Every http(s) URL in a plain-text part, in order. */
export function findTextLinks(text: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const m of text.matchAll(TEXT_URL)) {
    const href = m[0].replace(/[.,;:!?)\]}]+$/, '');
    links.push({ start: m.index!, end: m.index! + href.length, href });
  }
  return links;
}

/** Replaces the given spans (sorted, non-overlapping); every other byte stays as it was. */
export function replaceSpans(source: string, spans: { start: number; end: number; text: string }[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += source.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + source.slice(at);
}
