import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { buildOpenApi } from '../openapi/buildOpenApi';

/** GET /v1/openapi.json — the API described from the same zod schemas the routes validate with. */
export const openApiRoute = new Hono<AppEnv>();

let openApi: ReturnType<typeof buildOpenApi> | undefined;
openApiRoute.get('/openapi.json', (c) => c.json((openApi ??= buildOpenApi())));
