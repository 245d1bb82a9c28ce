// The site and read key live in sessionStorage only: gone when the tab closes, never in the URL.
const KEY = 'hoptrail_dashboard';

export function getSession() {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export const setSession = (site, key) => sessionStorage.setItem(KEY, JSON.stringify({ site, key }));
export const clearSession = () => sessionStorage.removeItem(KEY);
