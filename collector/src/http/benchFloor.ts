import type { Env } from '../env';

/**
 * The HTTP floor the ingest benchmarks compare against (bench/queue.mjs): with the variable
 * BENCH_FLOOR=1, which only `--var BENCH_FLOOR:1` on `wrangler dev` sets (wrangler.toml never does),
 * POST /__bench/floor reads the body and answers 200 without validating or storing anything (GET: the
 * floor of the read benchmarks, bench/journey.mjs, the same, or `?bytes=N` of padding to match a read's size,
 * `?d1=N` after N empty D1 round trips; POST `?keep=1` keeps its body and GET `?replay=1` answers it, so a
 * read's floor can be the very bytes it answered: padding compresses and parses far faster than JSON).
 * It sits in front of the app, not in it, so it is no API route: not in OpenAPI, and absent from every deployment.
 */
export const BENCH_FLOOR_PATH = '/__bench/floor';

/** The body last POSTed with ?keep=1 (this isolate's; a bench talks to one). */
let kept = '{}';

type Fetch = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

export function withBenchFloor(fetch: Fetch): Fetch {
  return (request, env, ctx) => {
    if (env.BENCH_FLOOR !== '1' || (request.method !== 'POST' && request.method !== 'GET') || new URL(request.url).pathname !== BENCH_FLOOR_PATH) return fetch(request, env, ctx);
    // GET ?bytes=N: a JSON body of about N bytes, the HTTP floor of a read that answers that much;
    // ?d1=N: after N empty D1 round trips one after another (`SELECT 1`), what a read's steps cost.
    const params = new URL(request.url).searchParams;
    const bytes = Math.min(Number(params.get('bytes')) || 0, 16_000_000);
    const trips = Math.min(Number(params.get('d1')) || 0, 10);
    const replay = request.method === 'GET' && params.has('replay');
    const body = replay ? kept : request.method === 'GET' && bytes > 0 ? `{"pad":"${'x'.repeat(bytes)}"}` : '{"accepted":0}';
    return request.text().then(async (text) => {
      if (request.method === 'POST' && params.has('keep')) kept = text;
      for (let i = 0; i < trips; i++) await env.DB.prepare('SELECT 1').first();
      return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    });
  };
}
