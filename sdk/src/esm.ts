/** ESM entry for bundlers: `import { init } from 'hoptrail'; const ht = init({ site, api });` */
export { createTracker as init } from './createTracker';
export type { Config, Hoptrail } from './types';
