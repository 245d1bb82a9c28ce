import { TYPE } from '../../schema/vocabulary';
import { mean, numberProp, propsOf, scaleTo100, type Signal } from '../signal';

/** Chat outcomes (`chat_ended`): resolved → 100, unresolved → 0, rating 1–5 → (x−1)/4; both → their mean. */
export const chat: Signal = {
  name: 'chat',
  halfLifeDays: 30,
  weight: 2,
  prior: { mean: 70, strength: 2 },
  observe(event) {
    if (event.type !== TYPE.chatEnded) return null;
    const p = propsOf(event);
    const parts: number[] = [];
    if (typeof p.resolved === 'boolean') parts.push(p.resolved ? 100 : 0);
    const rating = scaleTo100(numberProp(p, 'rating'), 1, 5);
    if (rating !== null) parts.push(rating);
    return mean(parts);
  },
};
