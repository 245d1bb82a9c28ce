import { load, save } from '../lib/storage';
import { OFF_KEY } from './types';

export const DAY = 864e5;
export const FOREVER = 8.64e15;

/** Survey id (or `*` for every pop-up) → time until which it must not show. The core reads it too. */
export const readOff = () => load<Record<string, number>>(OFF_KEY) || {};

export function rest(id: string, until: number) {
  const off = readOff();
  off[id] = Math.max(off[id] || 0, until);
  save(OFF_KEY, off);
}

/** Stable per visitor and survey, so sampling does not change from page to page. */
export function sampledIn(visitorId: string, surveyId: string, percent: number): boolean {
  let h = 7;
  for (const c of visitorId + surveyId) h = (h * 31 + c.charCodeAt(0)) | 0;
  return (h >>> 0) % 1e4 < percent * 100;
}
