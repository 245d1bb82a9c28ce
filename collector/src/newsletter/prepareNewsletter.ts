import { findHtmlLinks, findTextLinks, replaceSpans, type FoundLink } from './findLinks';
import { MAX_LINK_ID } from './tokens';
import { safeDestination } from './safeDestination';

export interface PrepareInput {
  html?: string;
  text?: string;
  /** Links the campaign already has (an earlier prepare): the same address keeps its id. */
  existingLinks: { id: number; url: string }[];
  /** The tracked click URL for a link id, merge tag included. */
  clickUrl: (linkId: number) => Promise<string>;
  /** The open pixel's URL, merge tag included. */
  pixelUrl: string;
}

export interface PreparedNewsletter {
  html?: string;
  text?: string;
  /** Every link this mail tracks, with how often it appears. */
  links: { id: number; url: string; occurrences: number }[];
  /** Links the campaign did not have yet (to store). */
  newLinks: { id: number; url: string }[];
  /** Links left as written, and why (mailto:, anchors, merge tags, …). */
  skipped: { href: string; reason: string }[];
}

/**
 * Rewrites every http(s) link of the HTML and plain-text parts into a tracked click link and adds the
 * open pixel to the HTML. Only the link addresses change and the pixel is inserted before `</body>`;
 * every other byte of the mail stays exactly as it was.
 */
export async function prepareNewsletter(input: PrepareInput): Promise<PreparedNewsletter> {
  const ids = new Map(input.existingLinks.map((l) => [l.url, l.id]));
  let nextId = Math.max(0, ...input.existingLinks.map((l) => l.id)) + 1;
  const newLinks: { id: number; url: string }[] = [];
  const used = new Map<number, { id: number; url: string; occurrences: number }>();
  const skipped: { href: string; reason: string }[] = [];

  const plan = (found: FoundLink[]) =>
    found.flatMap((link) => {
      const dest = safeDestination(link.href);
      if (!dest.ok) {
        skipped.push({ href: link.href, reason: dest.reason });
        return [];
      }
      let id = ids.get(dest.url);
      if (id === undefined) {
        if (nextId > MAX_LINK_ID) throw new Error(`a campaign holds at most ${MAX_LINK_ID} links`);
        id = nextId++;
        ids.set(dest.url, id);
        newLinks.push({ id, url: dest.url });
      }
      const entry = used.get(id) ?? { id, url: dest.url, occurrences: 0 };
      entry.occurrences++;
      used.set(id, entry);
      return [{ ...link, id }];
    });

  const htmlLinks = input.html === undefined ? [] : plan(findHtmlLinks(input.html));
  const textLinks = input.text === undefined ? [] : plan(findTextLinks(input.text));
  const urls = new Map<number, string>();
  for (const id of used.keys()) urls.set(id, await input.clickUrl(id));
  const spans = (found: (FoundLink & { id: number })[]) => found.map((l) => ({ start: l.start, end: l.end, text: urls.get(l.id)! }));

  return {
    ...(input.html !== undefined && { html: addPixel(replaceSpans(input.html, spans(htmlLinks)), input.pixelUrl) }),
    ...(input.text !== undefined && { text: replaceSpans(input.text, spans(textLinks)) }),
    links: [...used.values()].sort((a, b) => a.id - b.id),
    newLinks,
    skipped,
  };
}

/** The pixel goes last in the body, so it loads after the content and never shifts the layout. */
export function pixelTag(src: string): string {
  return `<img src="${src}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
}

function addPixel(html: string, src: string): string {
  const at = html.toLowerCase().lastIndexOf('</body');
  return at < 0 ? html + pixelTag(src) : html.slice(0, at) + pixelTag(src) + html.slice(at);
}
