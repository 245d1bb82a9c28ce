import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { notFound } from '../http/errors';
import { journeyPage } from '../http/journeyPage';
import { getCustomer } from '../store/customers';

/** Read API for customers (identified visitors), mounted under /v1/sites/:site (read key checked by the parent). */
export const customersRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/customers/:customerId — traits and every visitor id that identified as them.
customersRoute.get('/customers/:customerId', async (c) => {
  const customer = await getCustomer(c.env.DB, c.req.param('site')!, c.req.param('customerId'));
  if (!customer) notFound('customer');
  return c.json({ customer });
});

// GET /v1/sites/:site/customers/:customerId/journey — all of their devices' events, merged in time order.
customersRoute.get('/customers/:customerId/journey', async (c) => {
  const site = c.req.param('site')!;
  const customer = await getCustomer(c.env.DB, site, c.req.param('customerId'));
  if (!customer) notFound('customer');
  return c.json({ customer, ...(await journeyPage(c, site, { customerId: customer.customerId })) });
});
