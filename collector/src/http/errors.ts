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
