import { clearSession, getSession } from './session.js';

/** The key was refused or names no site: the app goes back to sign-in with this message. */
export class SignInError extends Error {}
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function url(path, params = {}) {
  const { site } = getSession() ?? {};
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return `/v1/sites/${encodeURIComponent(site ?? '')}${path}${q.size ? `?${q}` : ''}`;
}

async function request(path, params) {
  const session = getSession();
  if (!session) throw new SignInError('Sign in with a site and its read key.');
  const res = await fetch(url(path, params), { headers: { authorization: `Bearer ${session.key}` } });
  if (res.ok) return res;
  const body = await res.json().catch(() => ({}));
  // 401: not a read key. 404 "site not found": no such site, or a key of another site.
  if (res.status === 401 || (res.status === 404 && body.error === 'site not found')) {
    clearSession();
    throw new SignInError(
      res.status === 401 ? 'That read key was not accepted. Check the key and sign in again.' : 'No such site for this key. Check the site id and key.',
    );
  }
  throw new ApiError(res.status, body.error ?? `HTTP ${res.status}`);
}

/** GET a read-API path of the signed-in site as JSON. */
export const api = async (path, params) => (await request(path, params)).json();

/** GET a read-API path as a Blob (CSV exports). */
export const apiBlob = async (path, params) => (await request(path, params)).blob();
