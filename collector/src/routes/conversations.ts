import { Hono } from 'hono';
import { deriveConversations } from '../chat/deriveConversations';
import type { AppEnv } from '../env';
import { notFound } from '../http/errors';
import { chatEventsStatement, readChatEvents } from '../store/chatEvents';
import { getCustomer } from '../store/customers';
import { journeyEvents } from '../store/journeys';
import { visitorFrom, visitorStatement } from '../store/visitors';

/**
 * Chat conversations with derived timing (first response, length, outcome), computed at read from
 * the chat events, so a better rule applies to history too. Mounted under /v1/sites/:site (read key).
 */
export const conversationsRoute = new Hono<AppEnv>();

// GET /v1/sites/:site/visitors/:visitorId/conversations
conversationsRoute.get('/visitors/:visitorId/conversations', async (c) => {
  const site = c.req.param('site')!;
  const visitorId = c.req.param('visitorId');
  // One round trip: the visitor and its chat events (none for an unknown visitor).
  const [visitor, chat] = await c.env.DB.batch([visitorStatement(c.env.DB, site, visitorId), chatEventsStatement(c.env.DB, site, { visitorId })]);
  if (!visitorFrom(visitor)) notFound('visitor');
  return c.json({ conversations: deriveConversations(journeyEvents(chat), Date.now()) });
});

// GET /v1/sites/:site/customers/:customerId/conversations — across all of the customer's devices.
conversationsRoute.get('/customers/:customerId/conversations', async (c) => {
  const site = c.req.param('site')!;
  const customer = await getCustomer(c.env.DB, site, c.req.param('customerId'));
  if (!customer) notFound('customer');
  const events = await readChatEvents(c.env.DB, site, { customerId: customer.customerId });
  return c.json({ conversations: deriveConversations(events, Date.now()) });
});
