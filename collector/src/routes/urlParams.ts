import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { durably } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { parseOr400 } from '../schema/parse';
import { getUrlParams, setUrlParams } from '../store/urlParams';

/** The query parameters a site keeps in stored URLs besides utm_* and click ids (write key). */
export const urlParamsRoute = new Hono<AppEnv>();

export const urlParamsSchema = z.strictObject({
  params: z.array(z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a parameter name: letters, digits, _ . -'))).check(z.maxLength(50)),
});

// PUT /v1/sites/:site/settings/url-params { params: ["ref", "variant"] }
urlParamsRoute.put('/settings/url-params', async (c) => {
  const { params } = parseOr400(urlParamsSchema, await readJsonBody(c.req.raw, 4096));
  const unique = [...new Set(params)];
  await durably(() => setUrlParams(c.env.DB, c.req.param('site')!, unique));
  return c.json({ params: unique });
});

// GET /v1/sites/:site/settings/url-params
urlParamsRoute.get('/settings/url-params', async (c) => c.json({ params: [...(await getUrlParams(c.env.DB, c.req.param('site')!))] }));
