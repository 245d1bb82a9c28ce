import type { PageviewEvent } from './types';

/** What a pageview carries besides the URL: title, referrer, viewport, language, UTM parameters. */
export function pageviewProps(previousUrl: string | undefined): PageviewEvent['props'] {
  let utm: Record<string, string> | undefined;
  // Every utm_* parameter; the collector keeps source, medium, campaign, term and content.
  for (const [key, value] of new URLSearchParams(location.search))
    if (!key.indexOf('utm_') && value) (utm ||= {})[key.slice(4)] = value.slice(0, 1024);
  const referrer = previousUrl ?? document.referrer;
  return {
    title: document.title.slice(0, 1024),
    ...(referrer && { referrer: referrer.slice(0, 2048) }),
    viewport: `${innerWidth}x${innerHeight}`,
    lang: navigator.language.slice(0, 35),
    ...(utm && { utm }),
  };
}
