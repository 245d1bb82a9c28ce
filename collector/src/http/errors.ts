import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every expected failure leaves through here: a JSON body `{ error, field? }` whose message names
 * the offending field, so an integrator can fix the request without reading our code.
 */
export function fail(status: ContentfulStatusCode, message: string, field?: string): never {
  const body = JSON.stringify(field ? { error: message, field } : { error: message });
  throw new HTTPException(status, {
    message,
    res: new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } }),
  });
}

/** Reads return 404 both for a site that does not exist and for one the key may not read. */
export function notFound(what: string): never {
  return fail(404, `${what} not found`);
}

/** Seconds a client should wait before retrying when storage is failing or overloaded. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Runs a durable write. If storage fails, the client gets 503 + Retry-After (never a 2xx), so the
 * SDK keeps the batch and sends it again later; dedup by event id makes the retry safe.
 */
export async function durably<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof HTTPException) throw err;
    console.error('storage write failed', err);
    throw storageUnavailable();
  }
}

/** 503 + Retry-After: what any request gets while storage fails. */
export function storageUnavailable(): HTTPException {
  const body = JSON.stringify({ error: 'storage is unavailable, retry later' });
  return new HTTPException(503, {
    message: 'storage unavailable',
    res: new Response(body, {
      status: 503,
      headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(RETRY_AFTER_SECONDS) },
    }),
  });
}

/** D1 reports its failures (overload, timeouts, network) as errors whose message starts with D1_. */
export const isStorageError = (err: unknown) => err instanceof Error && /\bD1_[A-Z_]+/.test(err.message);
