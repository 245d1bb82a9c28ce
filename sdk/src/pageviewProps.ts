import { LIMITS } from '../../collector/src/schema/limits';
import type { PageviewEvent } from './types';

/**
 * What a pageview carries besides the URL: title, referrer, viewport, language, UTM parameters.
 * Empty ones are left undefined: JSON leaves them out of what is sent.
 */
export function pageviewProps(previousUrl: string | undefined): PageviewEvent['props'] {
  let utm: Record<string, string> | undefined;
  const params = new URLSearchParams(location.search);
  // The five standard UTM parameters (the collector's schema is strict: others would be refused).
  for (const key of ['source', 'medium', 'campaign', 'term', 'content']) {
    const value = params.get('utm_' + key);
    if (value) (utm ||= {})[key] = value.slice(0, LIMITS.textLength);
  }
  return {
    title: document.title.slice(0, LIMITS.textLength),
    referrer: (previousUrl ?? document.referrer).slice(0, LIMITS.urlLength) || undefined,
    viewport: `${innerWidth}x${innerHeight}`,
    lang: navigator.language.slice(0, 35),
    utm,
  };
}
