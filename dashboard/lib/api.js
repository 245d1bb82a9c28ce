import { clearSession, getSession } from './session.js';

/** The key was refused or names no site: the app goes back to sign-in with this message. */
export class SignInError extends Error {}
export class ApiError extends Error {
  /** `field` is the API's path of the offending input (`questions[1].id`), when it names one. */
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
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

/**
 * POST/PUT/DELETE on the public write API with the tab's write key. A refusal throws ApiError with the
 * API's message and `field`, for the form to show next to that field; the read session stays.
 */
export async function apiWrite(method, path, body) {
  const session = getSession();
  if (!session?.writeKey) throw new ApiError(401, 'Sign in with a write key to edit.', 'authorization');
  const res = await fetch(url(path), {
    method,
    headers: { authorization: `Bearer ${session.writeKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const json = await res.json().catch(() => ({}));
  if (res.ok) return json;
  const message = res.status === 401 ? 'That write key was not accepted: sign out and sign in with a valid write key.' : (json.error ?? `HTTP ${res.status}`);
  throw new ApiError(res.status, message, json.field);
}
