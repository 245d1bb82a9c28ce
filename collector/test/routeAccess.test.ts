import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../src/openapi/buildOpenApi';
import { ORIGIN, seedSite } from './helpers';
import { fetchWorker } from './worker';

// Walks every route of the OpenAPI document against the running Worker and checks the protection it
// declares: no key → 401 unless public, a read key cannot write, site A's keys cannot reach site B.
// A route added without its group in index.ts, or declared with the wrong auth, fails here.
// (The document served at /v1/openapi.json is this one; openapi.test.ts checks it lists every route.)

const A = 'access-site-a';
const B = 'access-site-b';
let keysA: { read: string; write: string };

type Route = { method: string; path: string; auth: 'none' | 'read' | 'write' | 'basicWrite' };
const SCHEMES: Record<string, Route['auth']> = { readKey: 'read', writeKey: 'write', basicWriteKey: 'basicWrite' };
const routes: Route[] = Object.entries(buildOpenApi().paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => {
    const security = (op as { security: Record<string, unknown>[] }).security;
    const auth = security.length ? SCHEMES[Object.keys(security[0])[0]] : 'none';
    return { method: method.toUpperCase(), path, auth } as Route;
  }),
);
// Keys in the path's site: Bearer. Basic: the key is the user name and names the site (no {site} in the path).
const keyed = routes.filter((r) => r.auth === 'read' || r.auth === 'write');
const basic = routes.filter((r) => r.auth === 'basicWrite');

beforeAll(async () => {
  keysA = await seedSite(A);
  await seedSite(B);
});

/** Calls a documented route on `site` with harmless path parameters and an empty JSON body. */
async function call(route: Route, site: string, key?: string, scheme = route.auth === 'basicWrite' ? 'Basic' : 'Bearer') {
  const path = route.path.replace('{site}', site).replace(/\{[A-Za-z]+\}/g, 'no-such-thing-1');
  const withBody = route.method === 'POST' || route.method === 'PUT';
  const credential = key && (scheme === 'Basic' ? `Basic ${btoa(`${key}:`)}` : `Bearer ${key}`);
  const res = await fetchWorker(`${ORIGIN}${path}`, {
    method: route.method,
    headers: { ...(credential ? { authorization: credential } : {}), ...(withBody ? { 'content-type': 'application/json' } : {}) },
    ...(withBody ? { body: '{}' } : {}),
  });
  const text = await res.text();
  let body: { error?: string; field?: string } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // images, redirects, CSV
  }
  return { status: res.status, body, label: `${route.method} ${route.path}${key ? ' with a key' : ''} → ${res.status} ${text.slice(0, 120)}` };
}

describe('every route of the OpenAPI document has the protection it declares', () => {
  it('finds routes of each kind to walk', () => {
    const kinds = new Set(routes.map((r) => r.auth));
    expect(kinds).toEqual(new Set(['none', 'read', 'write', 'basicWrite']));
  });

  it.each(routes)('$method $path ($auth) without a key: 401 unless public; a public route never asks for one', async (route) => {
    const { status, body, label } = await call(route, A);
    if (route.auth === 'none') expect(body.field, label).not.toBe('authorization');
    else {
      expect(status, label).toBe(401);
      expect(body.field, label).toBe('authorization');
    }
  });

  it.each([...keyed, ...basic])('$method $path ($auth): a key of the other kind is refused (a read key cannot write)', async (route) => {
    const { status, body, label } = await call(route, A, route.auth === 'read' ? keysA.write : keysA.read);
    expect(status, label).toBe(401);
    expect(body.field, label).toBe('authorization');
  });

  it.each(keyed)("$method $path ($auth): site A's key passes on A and reaches nothing of B (404, as for no site)", async (route) => {
    const key = route.auth === 'write' ? keysA.write : keysA.read;
    const own = await call(route, A, key);
    expect(own.body.field, own.label).not.toBe('authorization');
    expect(own.status, own.label).not.toBe(401);
    const other = await call(route, B, key);
    expect(other.status, other.label).toBe(404);
    expect(other.body.error, other.label).toBe('site not found');
  });

  it.each(basic)('$method $path ($auth): the write key passes as Basic user name, never as Bearer, and an unknown key is 401', async (route) => {
    const own = await call(route, A, keysA.write);
    expect(own.body.field, own.label).not.toBe('authorization');
    expect(own.status, own.label).not.toBe(401);
    for (const attempt of [await call(route, A, keysA.write, 'Bearer'), await call(route, A, 'ht_write_not-a-key')]) {
      expect(attempt.status, attempt.label).toBe(401);
      expect(attempt.body.field, attempt.label).toBe('authorization');
    }
  });
});
