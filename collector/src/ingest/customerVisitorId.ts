/**
 * Events that come from outside the browser (newsletter pixel and clicks, server API, helpdesk
 * webhooks) know a customer, not a browser. They are stored under the visitor id `customer:<id>`,
 * which the identity projection links to that customer, so they join the customer's journey with
 * every device the customer identified on.
 */
export const CUSTOMER_VISITOR_PREFIX = 'customer:';

export const customerVisitorId = (customerId: string) => CUSTOMER_VISITOR_PREFIX + customerId;
