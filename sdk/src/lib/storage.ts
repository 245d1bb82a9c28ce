/**
 * localStorage that never throws: it is missing in some sandboxed iframes, throws in Safari's
 * private mode on quota, and may be disabled by the user. Failures read as "nothing stored".
 */
export function load<T>(key: string): T | undefined {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function save(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the in-memory value still serves this page.
  }
}
