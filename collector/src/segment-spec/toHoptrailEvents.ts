import { customerVisitorId, CUSTOMER_VISITOR_PREFIX } from '../ingest/customerVisitorId';
import { Refused } from '../ingest/refusal';
import { sha256Hex } from '../lib/hash';
import { customerIdSchema, visitorIdSchema } from '../schema/event';
import { segmentMessageSchema, type SegmentMessage, type SegmentType } from '../schema/segmentSpec';
import { TYPE } from '../schema/vocabulary';

/** Session id of events that came through the Segment-compatible API (they carry no browser session). */
export const SEGMENT_SESSION = 'segment-api';

/** Screens have no URL; they are page views of `screen:/<name>` (path `/<name>`). */
export const SCREEN_URL_PREFIX = 'screen:/';

export interface MappedBatch {
  /** Hoptrail events (validated by ingest) or a message's refusal, in message order. */
  events: unknown[];
  /** The message each entry of `events` came from. */
  origin: number[];
  /** Per entry: Hoptrail field → Segment field, so a refusal names what the sender wrote. */
  renames: Rename[][];
}
type Rename = readonly [hoptrail: string, segment: string];

interface Options {
  site: string;
  receivedAt: number;
  /** The batch's sentAt (a message's own sentAt wins). */
  sentAt?: number | null;
  /** `batch[i]` for /v1/batch, '' for a single message. */
  prefix: (index: number) => string;
}

/**
 * Segment messages as Hoptrail events (see schema/segmentSpec.ts for the fields read):
 *   track → custom event (properties as props), page and screen → page view,
 *   identify and group → server identify of userId (traits are server truth: the write key is the
 *   site's server; group lands in the trait `group`), alias → previousId's device joins userId.
 * Every message with both anonymousId and userId also links that device to the customer, once per pair
 * (the link's id is made from the pair). Ids: `seg:<messageId>`, so a retried batch is stored once.
 */
export async function toHoptrailEvents(messages: readonly unknown[], o: Options): Promise<MappedBatch> {
  const out: MappedBatch = { events: [], origin: [], renames: [] };
  const push = (index: number, event: unknown, renames: Rename[] = []) => {
    out.events.push(event);
    out.origin.push(index);
    out.renames.push(renames);
  };
  const links = new Set<string>();
  for (const [index, raw] of messages.entries()) {
    const at = o.prefix(index);
    const field = (name: string) => (at ? `${at}.${name}` : name);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      push(index, new Refused(at || 'body', `${at || 'body'}: must be a message object`));
      continue;
    }
    const parsed = segmentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      push(index, Refused.from(parsed.error, at));
      continue;
    }
    const m = parsed.data;
    const bad = badId(m, field);
    if (bad) {
      push(index, bad);
      continue;
    }
    const base = { site: o.site, sessionId: SEGMENT_SESSION, seq: 0, ts: eventTime(m, o) };
    const id = await eventId(m, raw);
    const device = m.anonymousId ?? undefined;
    const userId = m.userId ?? undefined;
    if (device && userId && m.type !== 'alias') {
      const linkId = `seg:link:${(await sha256Hex(`${device}\n${userId}`)).slice(0, 40)}`;
      if (!links.has(linkId)) {
        links.add(linkId);
        push(index, { ...base, id: linkId, type: TYPE.identify, visitorId: device, props: { customerId: userId } });
      }
    }
    const visitorId = device ?? customerVisitorId(userId!);
    const main = mainEvent(m, { ...base, id }, visitorId, field);
    if (main instanceof Refused) push(index, main);
    else push(index, main.event, main.renames);
  }
  return out;
}

type Base = { id: string; site: string; sessionId: string; seq: number; ts: number };

function mainEvent(m: SegmentMessage, base: Base, visitorId: string, field: (n: string) => string) {
  const props = m.properties ?? {};
  const pageUrl = str(props.url) ?? str(m.context?.page?.url);
  switch (m.type as SegmentType) {
    case 'track':
      return {
        event: { ...base, type: TYPE.event, visitorId, name: m.event, ...(Object.keys(props).length && { props }), ...(str(m.context?.page?.url) && { url: m.context!.page!.url }) },
        renames: [['.props', '.properties'], ['.name', '.event'], ['.url', '.context.page.url']] as Rename[],
      };
    case 'page':
    case 'screen': {
      const url = pageUrl ?? (m.type === 'screen' && m.name ? SCREEN_URL_PREFIX + encodeURIComponent(m.name) : undefined);
      if (!url) {
        const name = m.type === 'page' ? field('properties.url') : field('name');
        return new Refused(name, `${name}: is required for ${m.type} (${m.type === 'page' ? 'or context.page.url' : 'or properties.url'})`);
      }
      const campaign = m.context?.campaign;
      const utm = campaign && clean({ source: campaign.source, medium: campaign.medium, campaign: campaign.name, term: campaign.term, content: campaign.content });
      const pageProps = clean({
        title: str(props.title) ?? str(m.context?.page?.title) ?? str(m.name),
        referrer: str(props.referrer) ?? str(m.context?.page?.referrer),
        lang: str(m.context?.locale),
        ...(utm && Object.keys(utm).length ? { utm } : {}),
      });
      return {
        event: { ...base, type: TYPE.pageview, visitorId, url, props: pageProps },
        renames: [['.url', '.properties.url'], ['.props.title', '.properties.title'], ['.props.referrer', '.properties.referrer'], ['.props.lang', '.context.locale'], ['.props.utm', '.context.campaign']] as Rename[],
      };
    }
    case 'identify':
    case 'group': {
      const traits = m.type === 'group' ? { group: { ...(m.traits ?? {}), id: m.groupId } } : m.traits;
      return {
        // Under the customer's pseudo-visitor: a server identify, whose traits a page can never overwrite.
        event: { ...base, type: TYPE.identify, visitorId: customerVisitorId(m.userId!), props: { customerId: m.userId, ...(traits && { traits }) } },
        renames: [[m.type === 'group' ? '.props.traits.group' : '.props.traits', '.traits']] as Rename[],
      };
    }
    case 'alias':
      return {
        event: { ...base, type: TYPE.identify, visitorId: m.previousId, props: { customerId: m.userId } },
        renames: [['.visitorId', '.previousId']] as Rename[],
      };
  }
}

/** userId, anonymousId and previousId must be usable as Hoptrail customer and visitor ids. */
function badId(m: SegmentMessage, field: (n: string) => string): Refused | null {
  const check = (name: string, value: string | null | undefined, schema: typeof customerIdSchema) => {
    if (value == null) return null;
    if (name !== 'userId' && value.startsWith(CUSTOMER_VISITOR_PREFIX)) {
      return new Refused(field(name), `${field(name)}: ids starting with "${CUSTOMER_VISITOR_PREFIX}" are reserved`);
    }
    const result = schema.safeParse(value);
    return result.success ? null : Refused.from(result.error, field(name));
  };
  return check('userId', m.userId, customerIdSchema) ?? check('anonymousId', m.anonymousId, visitorIdSchema) ?? check('previousId', m.previousId, visitorIdSchema);
}

/**
 * Segment's clock correction: timestamp = receivedAt − (sentAt − timestamp as sent), i.e. shifted by
 * the sender's clock skew; without a timestamp, when it was received. Ingest then clamps it as for
 * every source (not in the future, at most 7 days back).
 */
function eventTime(m: SegmentMessage, o: Options): number {
  const sent = m.timestamp ?? m.originalTimestamp;
  if (sent == null) return o.receivedAt;
  const sentAt = m.sentAt ?? o.sentAt;
  return Math.max(0, Math.round(sentAt == null ? sent : sent + (o.receivedAt - sentAt)));
}

/** `seg:<messageId>`; an id Hoptrail's id characters cannot hold, or none at all, becomes a hash (of the message). */
async function eventId(m: SegmentMessage, raw: object): Promise<string> {
  if (m.messageId && /^[A-Za-z0-9._:-]{4,120}$/.test(m.messageId)) return `seg:${m.messageId}`;
  return `seg:h:${(await sha256Hex(m.messageId ?? JSON.stringify(raw))).slice(0, 40)}`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function clean<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v != null && v !== '')) as Partial<T>;
}
