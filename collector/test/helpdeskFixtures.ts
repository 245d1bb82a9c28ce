/**
 * Webhook deliveries shaped as Zendesk and Freshdesk send them for the bodies README.md ("Helpdesk webhooks") tells
 * admins to configure: every placeholder rendered as the vendor renders it.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Zendesk's `{{ticket.*_with_timestamp}}`: "Time … expressed as an iso8601 format date/time. Example:
 * 2013-12-12T05:35Z" — minutes, no seconds
 * (https://support.zendesk.com/hc/en-us/articles/4408886858138-Zendesk-Support-placeholders-reference).
 */
export const zendeskTimestamp = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';

/**
 * The README's Zendesk trigger body as Zendesk renders it: every placeholder a string (`{{ticket.id}}`
 * "4711", `{{ticket.status}}` "Open" | "Pending" | "On-hold" | "Solved" | "Closed", `{{ticket.via}}` "Web
 * Form", `{{satisfaction.current_rating}}` "Unoffered" | "Offered" | "Good" | "Bad"), empty when the ticket
 * has no value (https://support.zendesk.com/hc/en-us/articles/4408886858138-Zendesk-Support-placeholders-reference).
 */
export function zendeskTicket(over: Record<string, unknown> = {}) {
  const hourAgo = zendeskTimestamp(Date.now() - 3600_000);
  return {
    ticket: {
      id: '4711',
      status: 'Open',
      priority: 'High',
      via: 'Web Form',
      created_at: hourAgo,
      updated_at: hourAgo,
      due_at: '',
      requester: { email: 'Zoe@Example.com', external_id: 'cust-zoe' },
      satisfaction: 'Unoffered',
      ...over,
    },
  };
}

/**
 * Signs like Zendesk: base64(HMACSHA256(TIMESTAMP + BODY)) in X-Zendesk-Webhook-Signature, the timestamp
 * (ISO 8601, to the second) in X-Zendesk-Webhook-Signature-Timestamp
 * (https://developer.zendesk.com/documentation/webhooks/verifying/).
 */
export async function zendeskHeaders(secret: string, body: string, signedAt = Date.now()) {
  const timestamp = new Date(signedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(timestamp + body));
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-signature': btoa(String.fromCharCode(...new Uint8Array(mac))),
    'x-zendesk-webhook-signature-timestamp': timestamp,
  };
}

/**
 * Freshdesk's rendering of `{{ticket.due_by_time}}`: Ruby `strftime('%B %e %Y at %I:%M %p %Z')` in the
 * account's time zone (Freshdesk's Helpdesk::TicketDrop#due_by_time), e.g. "July 10 2023 at 05:00 PM EDT";
 * `%e` pads the day with a space ("July  9 2023").
 */
export function freshdeskDate(ms: number, zone: string, offsetMinutes: number) {
  const local = new Date(ms + offsetMinutes * 60_000);
  const hour = local.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[local.getUTCMonth()]} ${String(local.getUTCDate()).padStart(2, ' ')} ${local.getUTCFullYear()} at ${pad(hour)}:${pad(local.getUTCMinutes())} ${local.getUTCHours() < 12 ? 'AM' : 'PM'} ${zone}`;
}

/**
 * The README's Freshdesk "Trigger webhook" body (Content: Advanced, JSON) as Freshdesk renders it. Only
 * placeholders Freshdesk documents: {{ticket.id}}, {{ticket.status}} (Open, Pending, Resolved, Closed or a
 * custom status name), {{ticket.priority}} (Low, Medium, High, Urgent), {{ticket.source}} (Email, Portal,
 * Phone, Chat, …), {{ticket.due_by_time}}, {{ticket.requester.email}}
 * (https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules;
 * the names and codes: https://developers.freshdesk.com/api/#tickets).
 */
export function freshdeskTicket(over: Record<string, unknown> = {}) {
  return {
    ticket: {
      id: '812',
      status: 'Open',
      priority: 'Medium',
      source: 'Portal',
      due_by_time: freshdeskDate(Date.now() + 86_400_000, 'EDT', -240),
      requester: { email: 'lou@example.com' },
      ...over,
    },
  };
}
