import fc from 'fast-check';
import { expect } from 'vitest';
import { ORIGIN } from './helpers';
import { fetchWorker } from './worker';

// Shared by the fuzz*.test.ts files: whatever arrives, the answer is a 2xx, or a 4xx with a JSON error
// naming a field. Never a 500. One endpoint family per file, so a failure names its family.

export const hostile = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom('\u0000', "'; DROP TABLE events; --", '\uD800', '__proto__', 1e308, -0, null),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'events', 'questions', 'targeting', 'id', 'type', 'props'), fc.jsonValue()),
);

export async function expectNo500(res: Response) {
  expect(res.status).not.toBe(500);
  if (res.status >= 400) {
    const body = await res.json<{ error?: unknown }>();
    expect(typeof body.error).toBe('string');
  } else {
    await res.body?.cancel();
  }
}

export const send = (site: string, key: string, method: string, path: string, body: string) =>
  fetchWorker(`${ORIGIN}/v1/sites/${site}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });

