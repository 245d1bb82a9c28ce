import * as z from '../schema/zod';
import { API_ROUTES, type ApiRoute } from './apiRoutes';

const toJson = (schema: z.ZodMiniType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

/** The OpenAPI 3.1 document of every route in API_ROUTES. */
export function buildOpenApi(routes: readonly ApiRoute[] = API_ROUTES) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const pathParams = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryParams = r.query
      ? Object.entries(r.query.shape).map(([name, schema]) => {
          const json = toJson(schema as z.ZodMiniType) as Record<string, unknown>;
          return { name, in: 'query', required: !(schema as z.ZodMiniType).safeParse(undefined).success, schema: json, ...(json.description ? { description: json.description } : {}) };
        })
      : [];
    const status = String(r.response?.status ?? 200);
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      ...(r.auth === 'none' ? { security: [] } : { security: [{ [r.auth === 'basicWrite' ? 'basicWriteKey' : `${r.auth}Key`]: [] }] }),
      parameters: [...pathParams, ...queryParams],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJson(r.body) } } } } : {}),
      responses: {
        [status]: {
          description: r.response?.description ?? 'ok',
          ...(status === '204' ? {} : { content: { [r.response?.contentType ?? 'application/json']: {} } }),
        },
        '400': { description: 'bad input: { error, field }' },
        ...(r.auth === 'none' ? {} : { '401': { description: 'missing or wrong key' } }),
        ...(r.auth === 'read' || r.auth === 'write' ? { '404': { description: 'not found (or a key of another site)' } } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Hoptrail collector API', version: '1' },
    components: {
      securitySchemes: {
        readKey: { type: 'http', scheme: 'bearer', description: "the site's read key" },
        writeKey: { type: 'http', scheme: 'bearer', description: "the site's write key" },
        basicWriteKey: { type: 'http', scheme: 'basic', description: "the site's write key as the user name, empty password (Segment's libraries send it so); the key names the site" },
      },
    },
    paths,
  };
}
