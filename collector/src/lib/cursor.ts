/**
 * Keyset cursors: the sort key of the last row of a page, as opaque base64url JSON. Stable under
 * inserts (unlike offsets) and cheap on any page depth.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return btoa(JSON.stringify(key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Returns the key, or null when the cursor is not one of ours (the caller answers 400). */
export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] | null {
  try {
    const key: unknown = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (!Array.isArray(key) || key.length !== shape.length) return null;
    return key.every((v, i) => typeof v === shape[i]) ? key : null;
  } catch {
    return null;
  }
}
