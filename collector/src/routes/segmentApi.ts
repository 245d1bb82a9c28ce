import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { fail } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { ingest } from '../ingest/ingest';
import { LIMITS } from '../schema/limits';
import { parseOr400 } from '../schema/parse';
import { segmentBatchSchema, SEGMENT_TYPES, type SegmentType } from '../schema/segmentSpec';
import { segmentRefusals } from '../segment-spec/segmentRefusals';
import { toHoptrailEvents } from '../segment-spec/toHoptrailEvents';

/**
 * Segment's HTTP Tracking API: `POST /v1/batch` and `POST /v1/<type>` for one message, behind a write
 * key sent as the Basic auth user name (as Segment's libraries send it). The key names the site.
 * Answers like Segment, 200 `{ success: true }`, so its clients do not retry a batch that was taken;
 * messages Hoptrail could not store are listed in `refused` (index, field, message) while the others
 * are stored, as for every ingest. A single message that is refused is a 400 naming the field.
 */
export const segmentApiRoute = new Hono<AppEnv>();

const inBatch = (i: number) => `batch[${i}]`;
const alone = () => '';

segmentApiRoute.post('/v1/batch', async (c) => {
  const receivedAt = Date.now();
  const body = parseOr400(segmentBatchSchema, await readJsonBody(c.req.raw, LIMITS.segmentBodyBytes));
  return receive(c, body.batch, { receivedAt, sentAt: body.sentAt, prefix: inBatch });
});

for (const type of SEGMENT_TYPES) {
  segmentApiRoute.post(`/v1/${type}`, async (c) => {
    const receivedAt = Date.now();
    const body = await readJsonBody(c.req.raw, LIMITS.eventBytes);
    if (!body || typeof body !== 'object' || Array.isArray(body)) fail(400, 'body: must be a message object', 'body');
    // The path says what the message is, as at Segment.
    return receive(c, [{ ...body, type: type satisfies SegmentType }], { receivedAt, prefix: alone });
  });
}

async function receive(c: Context<AppEnv>, messages: unknown[], o: { receivedAt: number; sentAt?: number | null; prefix: (i: number) => string }) {
  const site = c.get('keySite')!;
  const mapped = await toHoptrailEvents(messages, { site, ...o });
  const result = await ingest(c.env, { kind: 'segment', site, receivedAt: o.receivedAt }, mapped.events);
  const refused = segmentRefusals(result.refused, mapped, o.prefix);
  if (o.prefix === alone && refused.length) fail(400, refused[0].message, refused[0].field);
  if ('filtered' in result) return c.json({ success: true, accepted: 0, duplicates: 0, refused });
  if (result.queued !== undefined) return c.json({ success: true, queued: result.queued, refused });
  return c.json({ success: true, accepted: result.stored, duplicates: result.duplicates, refused });
}
