import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { durably, notFound } from '../http/errors';
import { eraseCustomer, eraseVisitor } from '../store/erasure';

/**
 * GDPR erasure (right to be forgotten), behind a write key: everything stored about a visitor or a
 * customer goes, in one transaction, and the answer says how many rows of each table went.
 */
export const erasureRoute = new Hono<AppEnv>();

// DELETE /v1/sites/:site/visitors/:visitorId
erasureRoute.delete('/visitors/:visitorId', async (c) => {
  const erased = await durably(() => eraseVisitor(c.env.DB, c.req.param('site')!, c.req.param('visitorId')));
  if (!erased.events && !erased.visitors) notFound('visitor');
  return c.json({ erased });
});

// DELETE /v1/sites/:site/customers/:customerId
erasureRoute.delete('/customers/:customerId', async (c) => {
  const erased = await durably(() => eraseCustomer(c.env.DB, c.req.param('site')!, c.req.param('customerId')));
  if (!erased.customers && !erased.events) notFound('customer');
  return c.json({ erased });
});
