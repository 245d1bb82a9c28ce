// The site and its keys live in sessionStorage only: gone when the tab closes, never in the URL.
// `key` is the read key (every view); `writeKey` is optional and only sent with edits.
const KEY = 'hoptrail_dashboard';

export function getSession() {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export const setSession = (site, key, writeKey) => sessionStorage.setItem(KEY, JSON.stringify(writeKey ? { site, key, writeKey } : { site, key }));
export const clearSession = () => sessionStorage.removeItem(KEY);
/** True when the tab holds a write key: the views then offer their edit controls. */
export const canEdit = () => Boolean(getSession()?.writeKey);
