/**
 * Props as `path → value` for CSV columns: nested objects joined with dots (`utm.campaign`), arrays
 * kept whole (written as JSON in one cell), so every leaf has one column whatever its depth.
 */
export function flattenProps(props: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (!props || typeof props !== 'object' || Array.isArray(props)) return out;
  for (const [key, value] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) flattenProps(value, path, out);
    else out[path] = value;
  }
  return out;
}

/**
 * SQLite's json_tree fullkey (`$.utm."first-touch"`) as the same dotted path flattenProps makes
 * (`utm.first-touch`): object keys that are not plain words are quoted JSON strings there.
 */
export function pathFromFullkey(fullkey: string): string {
  const parts: string[] = [];
  let i = fullkey.startsWith('$') ? 1 : 0;
  while (i < fullkey.length) {
    if (fullkey[i] !== '.') break;
    i++;
    if (fullkey[i] === '"') {
      let j = i + 1;
      while (j < fullkey.length && fullkey[j] !== '"') j += fullkey[j] === '\\' ? 2 : 1;
      parts.push(JSON.parse(fullkey.slice(i, j + 1)) as string);
      i = j + 1;
    } else {
      let j = i;
      while (j < fullkey.length && fullkey[j] !== '.') j++;
      parts.push(fullkey.slice(i, j));
      i = j;
    }
  }
  return parts.join('.');
}
