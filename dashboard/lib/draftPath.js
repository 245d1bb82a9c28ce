// Reads and writes a draft by the API's field paths (`questions[1].showIf.min`), the same paths the
// API names in its 400s, so an input, its value and its error share one name.

/** `questions[1].showIf` → ['questions', 1, 'showIf']. */
export const parsePath = (path) => [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? m[1] : Number(m[2])));

export function getPath(obj, path) {
  return parsePath(path).reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
}

/** Sets a value, creating objects on the way; `undefined` removes the key (the API's "not given"). */
export function setPath(obj, path, value) {
  const keys = parsePath(path);
  const last = keys.pop();
  let o = obj;
  for (const k of keys) o = o[k] ??= {};
  if (value === undefined) delete o[last];
  else o[last] = value;
}
