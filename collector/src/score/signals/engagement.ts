import { TYPE } from '../../schema/vocabulary';
import { propsOf, stringProp, type Signal } from '../signal';

/**
 * Engagement: every page viewed, newsletter opened by a human and newsletter link clicked is an
 * observation of 100. The mean is always 100, so the shrunk value measures recent volume: with no
 * activity it sits at the prior (50), and each decayed observation pulls it toward 100. Machine opens
 * (privacy prefetch, image proxies, scanners) are not engagement: null.
 */
export const engagement: Signal = {
  name: 'engagement',
  halfLifeDays: 14,
  weight: 1,
  prior: { mean: 50, strength: 5 },
  observe(event) {
    if (event.type === TYPE.pageview || event.type === TYPE.newsletterClick) return 100;
    if (event.type !== TYPE.newsletterOpen) return null;
    const p = propsOf(event);
    const classification = stringProp(p, 'classification', 'class', 'kind');
    return classification === 'human' || p.human === true ? 100 : null;
  },
};
