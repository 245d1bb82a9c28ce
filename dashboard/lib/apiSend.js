import { ApiError, SignInError } from './api.js';
import { getSession } from './session.js';

/**
 * A POST/DELETE to the API of the signed-in site whose refusal belongs next to a form field: it throws
 * an ApiError carrying the API's `field` (`rule.any[0].all[1].did.withinDays`) and never signs out.
 * `write`: the write API, sent with the tab's write key, or until a write key is held (the sign-in for
 * it comes with the dashboard's write mode) with the key it has, so the API's own 401 says what is
 * missing. `signal` aborts a call the user has overtaken (the live count).
 */
export async function apiSend(method, path, body, { write = false, signal } = {}) {
  const session = getSession();
  if (!session) throw new SignInError('Sign in with a site and its read key.');
  const key = write ? (session.writeKey ?? session.key) : session.key;
  const res = await fetch(`/v1/sites/${encodeURIComponent(session.site)}${path}`, {
    method,
    signal,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const json = await res.json().catch(() => ({}));
  if (res.ok) return json;
  const error = new ApiError(res.status, json.error ?? `HTTP ${res.status}`);
  error.field = json.field ?? (res.status === 401 || res.status === 403 ? 'authorization' : undefined);
  throw error;
}
