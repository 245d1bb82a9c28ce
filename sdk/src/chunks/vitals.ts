/**
 * Lazy chunk: Core Web Vitals through Google's `web-vitals` package, sent as `vital` events with the
 * package's rating. Loaded after init so the core stays small; web-vitals reads buffered performance
 * entries, so metrics that happened before the chunk arrived are still reported.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import type { Chunk } from '../createTracker';
import { TYPE } from '../../../collector/src/schema/vocabulary';

const vitals: Chunk['default'] = (emit) => {
  const report = ({ name, value, rating }: Metric) => emit({ type: TYPE.vital, name, props: { value: Math.max(0, value), rating } });
  [onCLS, onFCP, onINP, onLCP, onTTFB].forEach((on) => on(report));
};
export default vitals;
