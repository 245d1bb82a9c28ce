import type { Targeting } from '../schema/survey';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * One regular expression (source) for a survey's URL rules, tested against the page's full URL, so the
 * SDK core matches pages with one `RegExp().test()` instead of carrying the rule logic:
 * - exact `/pricing`: that path, with any query or fragment; exact `https://…`: that URL only;
 * - contains: anywhere in the URL; regex: as written (unanchored: found anywhere);
 * - any include rule must match (none: every page), no exclude rule may (a negative lookahead);
 * - newsletterVisit: the URL carries utm_medium=email.
 */
export function pageRegex({ include, exclude, newsletterVisit }: Targeting): string {
  return (
    (exclude.length ? `^(?!.*?(?:${alternatives(exclude)}))` : '^') +
    (include.length ? `(?=.*?(?:${alternatives(include)}))` : '') +
    // A newsletter click visit lands with utm_medium=email (newsletter links carry it).
    (newsletterVisit ? '(?=.*?[?&]utm_medium=email(?:[&#]|$))' : '')
  );
}

function alternatives(rules: Targeting['include']): string {
  return rules
    .map(({ match, value }) =>
      match == 'regex'
        ? `(?:${value})`
        : match == 'contains'
          ? escape(value)
          : /^https?:/.test(value)
            ? `^${escape(value)}$`
            : `^[a-z]+://[^/]+${escape(value)}(?:[?#].*)?$`,
    )
    .join('|');
}
