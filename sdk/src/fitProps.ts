import { LIMITS, RESERVED_KEYS } from '../../collector/src/schema/limits';

/**
 * Props or traits cut to the collector's limits (collector/src/schema/limits.ts) before they are
 * queued, so that one oversized value never costs its event: a string is cut to `textLength`, an array
 * to `propKeys` entries, and a key that cannot be stored (empty, longer than `propKeyLength`,
 * reserved, past the `propKeys`-th of its object, an object nested deeper than `propDepth`, or one met before: a circular
 * reference) is left out alone. `explain` says what changed at which key (logged with `debug`).
 * Returns the JSON form: what is sent.
 */
export function fitProps<T>(props: T, explain: (what: string, key: string) => void): T {
  // Per object met: its depth (the props object is 1) and how many of its keys were taken so far.
  // JSON.stringify calls the replacer parent first, so a holder is always in the map before its keys.
  const seen = new Map<unknown, number[]>();
  return JSON.parse(
    JSON.stringify(props, function (this: unknown, key, value) {
      const holder = seen.get(this) || [0, 0];
      // (Array indices are never empty, long or reserved: the key test holds for arrays too.)
      if (
        (holder[0] && (!key || key.length > LIMITS.propKeyLength || RESERVED_KEYS.includes(key) || holder[1]++ >= LIMITS.propKeys)) ||
        (value && typeof value == 'object' && (holder[0] >= LIMITS.propDepth || seen.has(value)))
      )
        return explain('left out', key);
      // Strings and arrays are cut (an array's left-out entries would become nulls, not go away).
      const max = typeof value == 'string' ? LIMITS.textLength : Array.isArray(value) ? LIMITS.propKeys : 1 / 0;
      if (value?.length > max) {
        explain('cut', key);
        value = value.slice(0, max);
      }
      if (value && typeof value == 'object') seen.set(value, [holder[0] + 1, 0]);
      return value;
    }),
  );
}
