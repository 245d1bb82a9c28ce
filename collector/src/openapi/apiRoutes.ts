/**
 * The API's routes for the OpenAPI document (`GET /v1/openapi.json`), ONE entry per route, built from
 * the same zod schemas the routes validate with. Adding a route: add its entry here (a test fails for
 * any /v1 route of the app without one). `path` is written as in Hono (`:param`).
 */
import * as z from '../schema/zod';
import { createKeySchema } from '../routes/apiKeys';
import { journeyExportQuerySchema, visitorExportQuerySchema } from '../exports/exportQuery';
import { scoreConfigSchema } from '../score/scoreConfig';
import { batchSchema } from '../schema/batch';
import { eventSchema } from '../schema/event';
import { LIMITS } from '../schema/limits';
import { landingSchema } from '../routes/newsletterLanding';
import { hostedSurveyQuerySchema } from '../routes/hostedSurvey';
import { prepareSchema } from '../routes/newsletters';
import { overviewQuerySchema } from '../schema/overviewQuery';
import { channelReportQuerySchema, deviceReportQuerySchema } from '../schema/acquisitionQuery';
import { segmentHistoryQuerySchema } from '../routes/segmentHistory';
import { serviceSpeedQuerySchema } from '../routes/serviceSpeed';
import { visitorListQuerySchema } from '../routes/visitors';
import { retentionSchema } from '../routes/retention';
import { zendeskSecretSchema } from '../routes/webhookSecrets';
import { urlParamsSchema } from '../routes/urlParams';
import { identityModeSchema, rotateSecretSchema } from '../routes/identitySettings';
import { ownHostsSchema } from '../routes/siteHosts';
import { segmentBatchSchema, segmentMessageSchema, SEGMENT_TYPES } from '../schema/segmentSpec';
import { segmentInputSchema, segmentPreviewSchema } from '../segments/segmentRule';
import { serverEventBatchSchema, serverEventInputSchema } from '../schema/serverEvents';
import { surveyInputSchema } from '../schema/survey';
import { subscriptionInputSchema } from '../alerts/subscriptionSchema';
import { surveySettingsSchema } from '../schema/surveySettings';
import { funnelInputSchema, funnelSplitQuerySchema, goalInputSchema, reportRangeSchema } from '../goals/goalInput';

export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  /**
   * Which key the route needs (`Authorization: Bearer KEY`; `basicWrite`: the write key as the Basic
   * auth user name, naming the site); `none`: public, rate limited per client.
   * Must match the route's group in index.ts (test/routeAccess.test.ts checks it on the running app).
   */
  auth: 'read' | 'write' | 'basicWrite' | 'none';
  query?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  /** Success status and content type; JSON unless said otherwise. */
  response?: { status?: number; contentType?: string; description: string };
}

/** `?limit=&cursor=` as `http/pagination.ts` checks them. */
export const pageQuerySchema = z.object({
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(LIMITS.pageMax))).check(z.describe(`page size, default ${LIMITS.pageDefault}`)),
  cursor: z.optional(z.string()).check(z.describe('nextCursor of the previous page')),
});

/** The body of POST /v1/events with each event typed by the one event schema. */
const eventBatchSchema = z.extend(batchSchema, { events: z.array(eventSchema).check(z.minLength(1), z.maxLength(LIMITS.eventsPerBatch)) });

const csvOrNdjson = 'text/csv (or application/x-ndjson with format=ndjson); with limit/cursor, x-next-cursor names the next page';

export const API_ROUTES: ApiRoute[] = [
  { method: 'post', path: '/v1/events', summary: 'Send a batch of events (browser SDK, text/plain or JSON)', auth: 'none', body: eventBatchSchema, response: { description: '{ accepted, duplicates, refused: [{ index, field, message }] } (valid events stored, invalid ones refused); 202 { queued, refused } when the ingest queue is on' } },
  { method: 'get', path: '/v1/openapi.json', summary: 'This document', auth: 'none', response: { description: 'OpenAPI 3.1' } },
  { method: 'get', path: '/v1/sites/:site/visitors', summary: 'Visitors, most recently seen first (segment= filters to members)', auth: 'read', query: z.extend(z.extend(pageQuerySchema, { segment: z.optional(z.string()).check(z.describe('built-in segment name or saved segment id (only with the default sort, no q)')) }), visitorListQuerySchema.shape), response: { description: '{ visitors (each with score), nextCursor }' } },
  { method: 'get', path: '/v1/sites/:site/visitors/:visitorId/journey', summary: "A visitor's events in time order", auth: 'read', query: pageQuerySchema, response: { description: '{ visitor, events, nextCursor }' } },
  { method: 'get', path: '/v1/sites/:site/customers/:customerId', summary: 'A customer: traits, visitor ids and lifetime value per currency', auth: 'read', response: { description: '{ customer, lifetimeValue: [{ currency, orders, gross, refunded, net }] }' } },
  { method: 'get', path: '/v1/sites/:site/customers/:customerId/journey', summary: "A customer's events across devices", auth: 'read', query: pageQuerySchema, response: { description: '{ customer, events, nextCursor }' } },
  { method: 'get', path: '/v1/sites/:site/visitors/:visitorId/score', summary: "The Happy Index of the visitor's person (its customer when identified) with contributions, 30-day trend and built-in segments", auth: 'read', response: { description: '{ visitorId, customerId, score, baseline, confidence, band, contributions, trend, segments }' } },
  { method: 'get', path: '/v1/sites/:site/customers/:customerId/score', summary: "A customer's Happy Index over all devices, with built-in segments", auth: 'read', response: { description: '{ customerId, score, baseline, confidence, band, contributions, trend, segments }' } },
  { method: 'get', path: '/v1/sites/:site/scores/config', summary: 'The score model in force (defaults + overrides)', auth: 'read', response: { description: '{ config, overrides }' } },
  { method: 'get', path: '/v1/sites/:site/scores/validity', summary: 'How well the Happy Index at past weekly cutoffs predicted who came back within 30 days: AUC with 95% interval, per signal, and proposed weights as a PUT .../scores/config body', auth: 'read', response: { description: '{ horizonDays, outcome, cutoffs, samples, cameBack, stopped, truncated, happyIndex, signals, proposal: { config, estimate } | null }' } },
  { method: 'put', path: '/v1/sites/:site/scores/config', summary: "Replace the site's score overrides", auth: 'write', body: scoreConfigSchema, response: { description: '{ config, recomputeRequired }' } },
  { method: 'post', path: '/v1/sites/:site/scores/recompute', summary: 'Rebuild score state from the whole history', auth: 'write', response: { description: '{ events, observations }' } },
  { method: 'get', path: '/v1/sites/:site/segments', summary: 'Built-in and saved segments', auth: 'read', response: { description: '{ builtin, saved }' } },
  { method: 'post', path: '/v1/sites/:site/segments', summary: 'Save a custom segment', auth: 'write', body: segmentInputSchema, response: { status: 201, description: '{ segment }' } },
  { method: 'post', path: '/v1/sites/:site/segments/preview', summary: 'Count the visitors and people a rule matches, without saving it (the builder\'s live count; over the 5,000 most recently seen visitors at most)', auth: 'read', body: segmentPreviewSchema, response: { description: '{ visitors, people, scanned, complete }' } },
  { method: 'delete', path: '/v1/sites/:site/segments/:segmentId', summary: 'Delete a saved segment', auth: 'write', response: { status: 204, description: 'deleted' } },
  { method: 'get', path: '/v1/sites/:site/segments/:segmentId/members', summary: 'Visitors in a segment (built-in name or saved id)', auth: 'read', query: pageQuerySchema, response: { description: '{ visitors, nextCursor }' } },
  { method: 'get', path: '/v1/sites/:site/exports/journeys', summary: 'One row per event, streamed', auth: 'read', query: journeyExportQuerySchema, response: { contentType: 'text/csv', description: csvOrNdjson } },
  { method: 'get', path: '/v1/sites/:site/exports/visitors', summary: "One row per visitor with its person's score and segments, streamed", auth: 'read', query: visitorExportQuerySchema, response: { contentType: 'text/csv', description: csvOrNdjson } },
  { method: 'get', path: '/v1/sites/:site/clusters', summary: 'Latest clustering of people (recency, frequency, monetary value, Happy Index, share of sessions from search and from email or social; k by silhouette): groups with stable ids, descriptions, sizes, centres', auth: 'read', response: { description: '{ computedAt, people, k, silhouette, features, scale, lastId, groups: [{ id, description, size, centre, z }] }' } },
  { method: 'post', path: '/v1/sites/:site/clusters/recompute', summary: 'Recompute the clustering now (labels matched to the previous one; memberships stored per person)', auth: 'write', response: { description: 'the clustering, as GET .../clusters' } },
  { method: 'get', path: '/v1/sites/:site/service/speed', summary: 'Chat first-response and ticket resolution times: p50 and p90 over the window and per day or week', auth: 'read', query: serviceSpeedQuerySchema, response: { description: '{ from, to, bucket, chatFirstResponse, ticketResolution: { overall: { n, p50, p90 }, buckets: [{ start, n, p50, p90 }] }, truncated } (ms)' } },
  { method: 'get', path: '/v1/sites/:site/ingest-stats', summary: 'Delivery health: SDK drops, sequence gaps, events filtered as bots per day and reason', auth: 'read', query: z.object({ from: z.optional(z.coerce.number().check(z.int(), z.gte(0))), to: z.optional(z.coerce.number().check(z.int(), z.gte(0))) }), response: { description: '{ from, to, dropped, gaps…, filtered }' } },
  { method: 'post', path: '/v1/sites/:site/newsletters', summary: 'Prepare a newsletter: tracked links, open pixel, signed recipient tokens', auth: 'write', body: prepareSchema, response: { description: '{ html, text?, links, tokens }' } },
  { method: 'put', path: '/v1/sites/:site/hosts', summary: "Declare the site's own hosts (a newsletter click adds ht_nl only there; [] = the hosts the SDK has seen)", auth: 'write', body: ownHostsSchema, response: { description: "{ hosts, source: 'declared' | 'seen' }" } },
  { method: 'get', path: '/v1/sites/:site/hosts', summary: "The site's own hosts: declared, else those the SDK sent page views from", auth: 'read', response: { description: "{ hosts, source: 'declared' | 'seen' }" } },
  { method: 'get', path: '/v1/sites/:site/newsletters/:campaign', summary: 'Newsletter report: human and machine opens, clicks per link, visits, revenue of the sessions its clicks started', auth: 'read', response: { description: '{ campaign, opens, clicks, visits, verified, revenue: [{ currency, orders, gross, refunded, net }] }' } },
  { method: 'get', path: '/v1/sites/:site/visitors/:visitorId/conversations', summary: "A visitor's chat conversations with first-response time, length and outcome", auth: 'read', response: { description: '{ conversations }' } },
  { method: 'get', path: '/v1/sites/:site/customers/:customerId/conversations', summary: "A customer's chat conversations across devices", auth: 'read', response: { description: '{ conversations }' } },
  { method: 'post', path: '/v1/sites/:site/server-events', summary: 'Server events (tickets, answers, custom, server identify) keyed by customer id or email hash; idempotent by id; up to 100; `backfill: true` keeps past timestamps within retention', auth: 'write', body: z.extend(serverEventBatchSchema, { events: z.array(serverEventInputSchema) }), response: { description: '{ accepted, duplicates, customerIds, redated: [{ index, from, to }], refused }; 202 { queued, … } when the ingest queue is on; backfill adds people: [{ customerId, score, band, segments }]' } },
  { method: 'get', path: '/v1/sites/:site/identity', summary: 'Signed identify: mode in force and secret version (never the secret)', auth: 'write', response: { description: '{ identity: { mode, effectiveMode, hasSecret, version, rotatedAt, previousValidUntil } }' } },
  { method: 'put', path: '/v1/sites/:site/identity', summary: 'Signed identify: choose signed or open (null: signed once a secret exists)', auth: 'write', body: identityModeSchema, response: { description: '{ identity }' } },
  { method: 'post', path: '/v1/sites/:site/identity/secret', summary: 'Create or rotate the identity secret (shown once); the old one verifies for graceHours', auth: 'write', body: rotateSecretSchema, response: { status: 201, description: '{ secret, version, previousValidUntil, effectiveMode }' } },
  { method: 'post', path: '/v1/sites/:site/webhooks/zendesk', summary: "Zendesk webhook: ticket lifecycle. Public, verified by X-Zendesk-Webhook-Signature with the site's signing secret (timestamp within 5 minutes); 403 when the site has none", auth: 'none', response: { description: '{ accepted, duplicates, customerId, types }' } },
  { method: 'post', path: '/v1/sites/:site/webhooks/freshdesk', summary: "Freshdesk automation webhook: ticket lifecycle. Public, checked against the site's token in X-Hoptrail-Token or Authorization: Bearer (never ?token=); 403 when the site has none", auth: 'none', response: { description: '{ accepted, duplicates, customerId, types }' } },
  { method: 'get', path: '/v1/sites/:site/webhooks', summary: 'Which helpdesk webhooks have a credential for this site (never the credential)', auth: 'write', response: { description: '{ webhooks: [{ helpdesk, configured, hint?, updatedAt? }] }' } },
  { method: 'post', path: '/v1/sites/:site/webhooks/freshdesk/token', summary: "Create or rotate the site's Freshdesk webhook token (shown once; the previous one stops working)", auth: 'write', response: { status: 201, description: '{ helpdesk, token, header, url }' } },
  { method: 'put', path: '/v1/sites/:site/webhooks/zendesk/secret', summary: "Store or replace the site's Zendesk signing secret (kept sealed with WEBHOOK_SECRETS_KEY)", auth: 'write', body: zendeskSecretSchema, response: { description: '{ helpdesk, configured, hint, url }' } },
  { method: 'delete', path: '/v1/sites/:site/webhooks/:helpdesk', summary: "Remove a helpdesk's credential: its webhooks are refused (403) until a new one is set", auth: 'write', response: { status: 204, description: 'removed' } },
  { method: 'get', path: '/v1/sites/:site/keys', summary: "The site's API keys, live and revoked (never a key or its hash); current marks the caller's", auth: 'write', response: { description: '{ keys: [{ id, kind, label, createdAt, revokedAt, current }] }' } },
  { method: 'post', path: '/v1/sites/:site/keys', summary: 'Create a read or write key (shown once, in this answer only); 409 at 50 live keys', auth: 'write', body: createKeySchema, response: { status: 201, description: '{ id, kind, label, createdAt, revokedAt, key }' } },
  { method: 'delete', path: '/v1/sites/:site/keys/:id', summary: "Revoke a key (401 from then on); 409 for the site's last live write key", auth: 'write', response: { description: '{ key: { id, kind, label, createdAt, revokedAt } }' } },
  { method: 'get', path: '/v1/sites/:site/surveys', summary: 'Survey definitions', auth: 'read', response: { description: '{ surveys }' } },
  { method: 'post', path: '/v1/sites/:site/surveys', summary: 'Create a survey', auth: 'write', body: surveyInputSchema, response: { status: 201, description: '{ survey }' } },
  { method: 'get', path: '/v1/sites/:site/surveys/:id', summary: 'One survey definition', auth: 'read', response: { description: '{ survey }' } },
  { method: 'put', path: '/v1/sites/:site/surveys/:id', summary: 'Replace a survey', auth: 'write', body: surveyInputSchema, response: { description: '{ survey }' } },
  { method: 'delete', path: '/v1/sites/:site/surveys/:id', summary: 'Delete a survey', auth: 'write', response: { status: 204, description: 'deleted' } },
  { method: 'get', path: '/v1/sites/:site/surveys/:id/results', summary: 'Survey results: counts, completion, NPS, CSAT %, mean CES, distributions, open texts, by day', auth: 'read', response: { description: '{ results }' } },
  { method: 'get', path: '/v1/sites/:site/survey-settings', summary: 'Site-wide survey fatigue settings', auth: 'read', response: { description: '{ settings }' } },
  { method: 'put', path: '/v1/sites/:site/survey-settings', summary: 'Replace site-wide survey fatigue settings', auth: 'write', body: surveySettingsSchema, response: { description: '{ settings }' } },
  { method: 'get', path: '/v1/sites/:site/surveys/active', summary: 'SDK: active surveys of the site (public, rate limited, edge-cached, ETag); segment targeting as a flag, never its name', auth: 'none', response: { description: '{ surveys, settings }' } },
  { method: 'get', path: '/v1/sites/:site/surveys/visitors/:visitorId', summary: 'SDK: whether a browser visitor is identified, last answered in another channel, passes segment-flagged surveys, and is due a follow-up after a resolved ticket (public, rate limited, no-store; customer:, email: and anon: ids are 400)', auth: 'none', response: { description: '{ identified, answeredElsewhereAt, segmentOk, ticketFollowUp: { surveyId: ticketRef } }' } },
  { method: 'delete', path: '/v1/sites/:site/visitors/:visitorId', summary: 'GDPR: erase a visitor (every row naming it in every person table)', auth: 'write', response: { description: '{ erased: { table: rows } }' } },
  { method: 'delete', path: '/v1/sites/:site/customers/:customerId', summary: 'GDPR: erase a customer and every device that identified as them', auth: 'write', response: { description: '{ erased: { table: rows } }' } },
  { method: 'get', path: '/v1/sites/:site/settings/retention', summary: 'How long events are kept (days; null keeps all)', auth: 'write', response: { description: '{ retention: { days } }' } },
  { method: 'put', path: '/v1/sites/:site/settings/retention', summary: 'Set retention: the daily cron purges older events', auth: 'write', body: retentionSchema, response: { description: '{ retention: { days } }' } },
  { method: 'get', path: '/v1/sites/:site/settings/url-params', summary: 'Query parameters kept in stored URLs besides utm_* and ad click ids', auth: 'write', response: { description: '{ params }' } },
  { method: 'put', path: '/v1/sites/:site/settings/url-params', summary: 'Set the query parameters kept in stored URLs (every other one is stripped before storage)', auth: 'write', body: urlParamsSchema, response: { description: '{ params }' } },
  { method: 'get', path: '/s/:site/:survey', summary: "A survey's hosted page (HTML) for e-mail, SMS and QR-code links; a friendly 404 page for an unknown or paused survey. score= is the one-click NPS answer (recorded only on a signed, human newsletter click; else confirmed by a press)", auth: 'none', query: hostedSurveyQuerySchema, response: { contentType: 'text/html', description: 'the page' } },
  { method: 'post', path: '/v1/landing', summary: 'SDK: identify a visitor landing from a newsletter click (signed, single-use token)', auth: 'none', body: landingSchema, response: { description: '{ identified }' } },
  { method: 'get', path: '/v1/sites/:site/overview', summary: 'Dashboard overview for a date range: people, Happy Index average/bands/histogram of stored per-person scores (asOf)/daily trend, NPS and CSAT, newsletter funnel, top pages, web-vitals p75', auth: 'read', query: overviewQuerySchema, response: { description: '{ from, to, visitors, customers, happyIndex, surveys, newsletters, topPages, vitals }' } },
  { method: 'get', path: '/v1/sites/:site/reports/channels', summary: 'Sessions started in a date range by channel (or source, medium, campaign): visitors (people), sessions, average Happy Index, conversions (people who reached any goal, or goal=, in a session of the row) and net revenue per currency of the orders placed in the row\'s sessions', auth: 'read', query: channelReportQuerySchema, response: { description: '{ from, to, by, goal?, rows: [{ key, label?, visitors, sessions, happyIndex, conversions, revenue: [{ currency, orders, gross, refunded, net }] }] }' } },
  { method: 'get', path: '/v1/sites/:site/reports/devices', summary: 'Sessions started in a date range by browser, OS, device type and country: visitors (people) and sessions', auth: 'read', query: deviceReportQuerySchema, response: { description: '{ from, to, browsers, os, deviceTypes, countries: [{ key, visitors, sessions }] }' } },
  { method: 'get', path: '/v1/sites/:site/newsletters', summary: 'Prepared newsletter campaigns, newest first', auth: 'read', response: { description: '{ newsletters: [{ campaign, sentAt, expiresAt, unsignedRecipient, recipients }] }' } },
  { method: 'get', path: '/v1/sites/:site/goals', summary: "The site's goals (page path pattern, event with prop filters, or purchase)", auth: 'read', response: { description: '{ goals: [{ id, name, matcher, createdAt }] }' } },
  { method: 'post', path: '/v1/sites/:site/goals', summary: 'Create a goal', auth: 'write', body: goalInputSchema, response: { status: 201, description: '{ goal }' } },
  { method: 'put', path: '/v1/sites/:site/goals/:goalId', summary: "Replace a goal's name and matcher", auth: 'write', body: goalInputSchema, response: { description: '{ goal }' } },
  { method: 'delete', path: '/v1/sites/:site/goals/:goalId', summary: 'Delete a goal', auth: 'write', response: { status: 204, description: 'deleted' } },
  { method: 'get', path: '/v1/sites/:site/goals/report', summary: 'Conversions (matching events) and converting people per goal over a range', auth: 'read', query: reportRangeSchema, response: { description: '{ from, to, goals: [{ id, name, matcher, conversions, people }] }' } },
  { method: 'get', path: '/v1/sites/:site/funnels', summary: "The site's funnels", auth: 'read', response: { description: '{ funnels: [{ id, name, steps, windowMs, createdAt }] }' } },
  { method: 'post', path: '/v1/sites/:site/funnels', summary: 'Create a funnel: ordered steps (goal matchers) within a window', auth: 'write', body: funnelInputSchema, response: { status: 201, description: '{ funnel }' } },
  { method: 'delete', path: '/v1/sites/:site/funnels/:funnelId', summary: 'Delete a funnel', auth: 'write', response: { status: 204, description: 'deleted' } },
  { method: 'get', path: '/v1/sites/:site/funnels/:funnelId/report', summary: 'Funnel report: per step people, conversion from previous and from start, drop-off, median time from the previous step; segment= splits into members and the rest, split=channel by the channel of the session each person entered in (no session row: group `unknown`)', auth: 'read', query: z.extend(reportRangeSchema, funnelSplitQuerySchema.shape), response: { description: '{ funnel, from, to, entered, steps: [{ name, people, fromPrevious, fromStart, dropOff, medianMsFromPrevious }], split?: { by: segment|channel, segment?, groups: [{ group, label?, steps }] } }' } },
  { method: 'get', path: '/v1/sites/:site/segments/history', summary: 'Built-in segment sizes per snapshot day, entries/exits and moves within a family', auth: 'read', query: segmentHistoryQuerySchema, response: { description: '{ from, to, days, moves }' } },
  { method: 'post', path: '/v1/sites/:site/segments/snapshots', summary: "Take today's segment snapshot now (the daily cron does it too)", auth: 'write', response: { description: '{ day, visitors, people, segments (sizes in people), moves, score }' } },
  { method: 'post', path: '/v1/batch', summary: "Segment-compatible batch (analytics-node, analytics.js, RudderStack, Jitsu): track, identify, page, screen, alias, group; the write key as Basic auth user name names the site; messageId is the dedup id", auth: 'basicWrite', body: z.extend(segmentBatchSchema, { batch: z.array(segmentMessageSchema) }), response: { description: '{ success: true, accepted, duplicates, refused: [{ index, field, message }] } (Hoptrail events: a message with userId and anonymousId may add one link); { success: true, queued, refused } when the ingest queue is on' } },
  ...SEGMENT_TYPES.map((type): ApiRoute => ({ method: 'post', path: `/v1/${type}`, summary: `Segment-compatible ${type}: one message, as in /v1/batch (the path gives its type)`, auth: 'basicWrite', body: segmentMessageSchema, response: { description: '{ success: true, accepted, duplicates, refused: [] }; a refused message is a 400 naming the field' } })),
  { method: 'post', path: '/v1/sites/:site/subscriptions', summary: 'Subscribe a destination (Slack, Zendesk, JSON webhook) to a trigger (survey answer, segment enter/leave, ticket, Happy Index drop); deliveries are signed per Standard Webhooks', auth: 'write', body: subscriptionInputSchema, response: { status: 201, description: '{ subscription, secret } (the whsec_ signing secret, shown once)' } },
  { method: 'get', path: '/v1/sites/:site/subscriptions', summary: "The site's alert subscriptions (URL paths masked, never secrets)", auth: 'write', response: { description: '{ subscriptions }' } },
  { method: 'get', path: '/v1/sites/:site/subscriptions/:subscriptionId', summary: 'One alert subscription', auth: 'write', response: { description: '{ subscription }' } },
  { method: 'delete', path: '/v1/sites/:site/subscriptions/:subscriptionId', summary: 'Delete a subscription with its pending deliveries and log', auth: 'write', response: { status: 204, description: 'deleted' } },
  { method: 'get', path: '/v1/sites/:site/subscriptions/:subscriptionId/deliveries', summary: "A subscription's delivery log, newest first: status (pending, delivered, dead), attempts, last error, payload", auth: 'read', query: pageQuerySchema, response: { description: '{ deliveries, nextCursor }' } },
  { method: 'post', path: '/v1/sites/:site/subscriptions/:subscriptionId/deliveries/:deliveryId/redeliver', summary: 'Send a delivery again now (same webhook-id, fresh tries), also when dead-lettered', auth: 'write', response: { status: 202, description: '{ id, status }' } },
];
