import type { PageviewEvent } from './types';

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** What a pageview carries besides the URL: title, referrer, viewport, language, UTM parameters. */
export function pageviewProps(previousUrl: string | undefined): PageviewEvent['props'] {
  const params = new URLSearchParams(location.search);
  const utm: NonNullable<PageviewEvent['props']['utm']> = {};
  let hasUtm = false;
  for (const key of UTM_KEYS) {
    const value = params.get('utm_' + key);
    if (value) utm[key] = value.slice(0, 1024);
    hasUtm ||= !!value;
  }
  const referrer = previousUrl ?? document.referrer;
  return {
    title: document.title.slice(0, 1024),
    ...(referrer && { referrer: referrer.slice(0, 2048) }),
    viewport: `${innerWidth}x${innerHeight}`,
    lang: navigator.language.slice(0, 35),
    ...(hasUtm && { utm }),
  };
}
