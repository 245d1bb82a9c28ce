import type { HoptrailEvent } from '../schema/event';
import { minimalReferrer, minimalUrl } from './minimalUrl';

/**
 * Applies the minimal-URL rule to every URL an event carries: the page `url`, a page view's
 * `referrer` and a newsletter click's destination. Returns a new event; validation has already run.
 */
export function minimiseEventUrls(event: HoptrailEvent, allow: ReadonlySet<string>): HoptrailEvent {
  const out = { ...event } as HoptrailEvent & { props?: Record<string, unknown> };
  if (out.url !== undefined) out.url = minimalUrl(out.url, allow);
  if (out.type === 'pageview' && out.props.referrer !== undefined) {
    out.props = { ...out.props, referrer: minimalReferrer(out.props.referrer) };
  }
  if (out.type === 'newsletter_click' && typeof out.props?.url === 'string') {
    out.props = { ...out.props, url: minimalUrl(out.props.url, allow) };
  }
  return out;
}
