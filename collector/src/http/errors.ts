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
    console.error('storage write failed', err);
    const body = JSON.stringify({ error: 'storage is unavailable, retry later' });
    throw new HTTPException(503, {
      message: 'storage unavailable',
      res: new Response(body, {
        status: 503,
        headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(RETRY_AFTER_SECONDS) },
      }),
    });
  }
}
