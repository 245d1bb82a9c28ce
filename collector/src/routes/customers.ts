import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { notFound } from '../http/errors';
import { journeyPage } from '../http/journeyPage';
import { getCustomer } from '../store/customers';
import { revenueOfVisitors } from '../store/revenue';
import { customerMemberIds } from '../store/subject';

/** Read API for customers (identified visitors), mounted under /v1/sites/:site (read key checked by the parent). */
export const customersRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/customers/:customerId — traits, every visitor id that identified as them, and
// their lifetime value per currency (orders of all their devices net of refunds).
customersRoute.get('/customers/:customerId', async (c) => {
  const site = c.req.param('site')!;
  const customer = await getCustomer(c.env.DB, site, c.req.param('customerId'));
  if (!customer) notFound('customer');
  const lifetimeValue = await revenueOfVisitors(c.env.DB, site, await customerMemberIds(c.env.DB, site, customer.customerId));
  return c.json({ customer, lifetimeValue });
});

// GET /v1/sites/:site/customers/:customerId/journey — all of their devices' events, merged in time order.
customersRoute.get('/customers/:customerId/journey', async (c) => {
  const site = c.req.param('site')!;
  const customer = await getCustomer(c.env.DB, site, c.req.param('customerId'));
  if (!customer) notFound('customer');
  return journeyPage(c, site, { customerId: customer.customerId }, () => ({ customer }));
});
