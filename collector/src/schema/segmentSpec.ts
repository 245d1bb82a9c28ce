/**
 * Segment's HTTP Tracking API as Hoptrail accepts it (`POST /v1/batch`, `/v1/track`, …; see
 * https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/ and the spec's
 * common fields, https://segment.com/docs/connections/spec/common/). Only the fields Hoptrail maps are
 * read; the rest of a message (integrations, _metadata, context.library, …) is accepted and ignored.
 *
 *   type          track | identify | page | screen | alias | group (implied by the path of /v1/<type>)
 *   messageId     the sender's unique id: the dedup id, so a retried batch is stored once
 *   userId        the site's id for the person → the Hoptrail customer
 *   anonymousId   a device or browser id → the Hoptrail visitor (stitched to userId when both are sent)
 *   timestamp     when it happened (ISO 8601); corrected by the sender's clock skew, sentAt
 *   sentAt        the sender's clock when it sent the message (or, for /v1/batch, the batch)
 *   context.page  url, title, referrer of the page (page calls also read properties.url/title/referrer)
 *   context.campaign  utm values (name → campaign); context.locale → lang
 *   properties    track / page / screen payload; traits: identify and group payload
 *   event         the track event's name; name: the page or screen name
 *   previousId    alias: the earlier id that userId now names; groupId: the group (stored in traits)
 */
import * as z from './zod';
import { LIMITS } from './limits';

export const SEGMENT_TYPES = ['track', 'identify', 'page', 'screen', 'alias', 'group'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

/** Ids are strings in the spec; some libraries send numbers, which Segment accepts too. */
const anyId = z.nullish(z.pipe(z.pipe(z.union([z.string(), z.number()]), z.transform(String)), z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.idLength))));
const time = z.nullish(z.pipe(z.union([z.string(), z.number()]).check(z.refine((t) => Number.isFinite(typeof t === 'number' ? t : Date.parse(t)), 'must be an ISO 8601 date')), z.transform((t) => (typeof t === 'number' ? t : Date.parse(t)))));
const text = z.nullish(z.string());
const object = z.nullish(z.record(z.string(), z.unknown()));

export const segmentMessageSchema = z.object({
    type: z.enum(SEGMENT_TYPES),
    messageId: z.nullish(z.string().check(z.minLength(1), z.maxLength(LIMITS.idLength))),
    userId: anyId,
    anonymousId: anyId,
    timestamp: time,
    originalTimestamp: time,
    sentAt: time,
    context: z.nullish(z.object({
        page: z.nullish(z.object({ url: text, title: text, referrer: text })),
        campaign: z.nullish(z.object({ name: text, source: text, medium: text, term: text, content: text })),
        locale: text,
      })),
    properties: object,
    traits: object,
    event: z.nullish(z.string().check(z.minLength(1), z.maxLength(LIMITS.nameLength))),
    name: z.nullish(z.string().check(z.maxLength(LIMITS.nameLength))),
    previousId: anyId,
    groupId: anyId,
  }).check(z.superRefine((m, ctx) => {
    const need = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (m.type === 'track' && !m.event) need('event', 'is required for track');
    if (m.type === 'alias') {
      if (!m.userId) need('userId', 'is required for alias');
      if (!m.previousId) need('previousId', 'is required for alias');
    } else if (m.type === 'identify' || m.type === 'group') {
      // Hoptrail keeps traits on the customer; a device has none of its own.
      if (!m.userId) need('userId', `is required for ${m.type} (traits belong to a customer)`);
    } else if (!m.userId && !m.anonymousId) need('userId', 'userId or anonymousId is required');
    if (m.type === 'group' && !m.groupId) need('groupId', 'is required for group');
  }));

export type SegmentMessage = z.infer<typeof segmentMessageSchema>;

/** `POST /v1/batch`: the messages and the sender's clock at send time (analytics-node also sends writeKey). */
export const segmentBatchSchema = z.object({
  batch: z.array(z.unknown()).check(z.minLength(1, 'must hold at least one message'), z.maxLength(LIMITS.segmentMessagesPerBatch)),
  sentAt: time,
});
