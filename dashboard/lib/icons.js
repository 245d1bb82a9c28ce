// Touchpoint icons as small stroked SVG paths (no icon font or emoji: both depend on installed fonts).
import { s } from './dom.js';

const PATHS = {
  page: 'M4 1.5h5.5L12.5 4.5v10h-8.5z M9.5 1.5v3h3 M6 8h4.5 M6 10.5h4.5',
  newsletter: 'M1.5 3.5h13v9h-13z M1.5 3.5l6.5 5.5 6.5-5.5',
  survey: 'M2.5 2.5h11v11h-11z M5 6l1.5 1.5L9 5 M5 10.5h6',
  chat: 'M2 3h12v7.5H7l-3.5 3v-3H2z',
  ticket: 'M1.5 4.5h13v2.2a1.8 1.8 0 0 0 0 3.6v2.2h-13v-2.2a1.8 1.8 0 0 0 0-3.6z M10 4.5v8',
  identify: 'M8 2.5a2.8 2.8 0 1 1 0 5.6a2.8 2.8 0 1 1 0-5.6z M2.5 14c.8-3 3-4.5 5.5-4.5s4.7 1.5 5.5 4.5',
  vital: 'M2 12a6 6 0 0 1 12 0 M8 12l3-4',
  event: 'M9 1.5L3.5 9h4l-1 5.5L12.5 7h-4z',
};

/** The icon of a touchpoint kind (decorative: the label next to it says the same). */
export const icon = (kind) => s('svg', { viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' }, s('path', { d: PATHS[kind] ?? PATHS.event }));
