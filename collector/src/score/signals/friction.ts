import { namesMoving, TYPE } from '../../schema/vocabulary';
import { propsOf, stringProp, type Signal } from '../signal';

/** Custom event names that mean the visitor hit a wall: the vocabulary's friction entries (SDK rage clicks and JS errors, abandoned checkouts). */
export const FRICTION_EVENTS = new Set(namesMoving('friction'));

/**
 * Friction: web vitals by their rating (good 100, needs improvement 50, poor 0), and rage clicks,
 * uncaught JS errors and abandoned checkouts as 0. Good vitals are what balance the bad moments.
 */
export const friction: Signal = {
  name: 'friction',
  halfLifeDays: 14,
  weight: 1.5,
  prior: { mean: 80, strength: 3 },
  observe(event) {
    if (event.type === TYPE.vital) {
      const rating = stringProp(propsOf(event), 'rating');
      return rating === 'good' ? 100 : rating === 'needs-improvement' ? 50 : rating === 'poor' ? 0 : null;
    }
    if (event.type === TYPE.event && event.name !== null && FRICTION_EVENTS.has(event.name)) return 0;
    return null;
  },
};
