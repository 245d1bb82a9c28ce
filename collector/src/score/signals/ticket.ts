import { TYPE } from '../../schema/vocabulary';
import { mean, numberProp, propsOf, scaleTo100, type Signal } from '../signal';

const DAY_MS = 86_400_000;

/**
 * Helpdesk tickets. `ticket_resolved` scores the mean of what it tells: satisfaction 1–5 → (x−1)/4;
 * time to resolution (`resolutionMs`) 100 within a day falling linearly to 0 at a week; reopens
 * (`reopenCount`) 100 for none, 50 for one, 0 for more; `late: true` → 0. A bare resolution is 100.
 * A `ticket_updated` with `reopened: true` is a bad experience on its own: 0.
 */
export const ticket: Signal = {
  name: 'ticket',
  halfLifeDays: 45,
  weight: 2,
  prior: { mean: 65, strength: 2 },
  observe(event) {
    const p = propsOf(event);
    if (event.type === TYPE.ticketUpdated) return p.reopened === true ? 0 : null;
    if (event.type !== TYPE.ticketResolved) return null;
    const parts: number[] = [];
    const satisfaction = scaleTo100(numberProp(p, 'satisfaction'), 1, 5);
    if (satisfaction !== null) parts.push(satisfaction);
    const resolutionMs = numberProp(p, 'resolutionMs');
    if (resolutionMs !== null && resolutionMs >= 0) {
      parts.push(Math.max(0, Math.min(100, ((7 * DAY_MS - resolutionMs) / (6 * DAY_MS)) * 100)));
    }
    const reopens = numberProp(p, 'reopenCount');
    if (reopens !== null && reopens >= 0) parts.push(reopens === 0 ? 100 : reopens === 1 ? 50 : 0);
    if (p.late === true) parts.push(0);
    return parts.length ? mean(parts) : 100;
  },
};
