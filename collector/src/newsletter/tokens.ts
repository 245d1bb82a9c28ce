/**
 * Newsletter tokens: compact, base64url, HMAC-SHA256 signed (see ARCHITECTURE.md, "Newsletters").
 *
 * A tracked URL is `/o/<link>.<recipient>` (open pixel) or `/c/<link>.<recipient>` (click):
 *   link       campaign-wide, written into the prepared template once per link:
 *              [version|flags][expiry u32 s][link id u16][site len][site][campaign len][campaign][mac 16]
 *              link id 0 is the open pixel. Flag 1 = unsigned-recipient campaign.
 *   recipient  per recipient, filled in by the email tool from a merge field:
 *              signed:   base64url([0x02][ref 12][mac 16]), the MAC covering site + campaign + 0x02 + ref
 *              unsigned: `~<recipient id>` (only for campaigns prepared in unsigned mode; reports say so)
 * `ref` is the recipient's opaque reference in that campaign (recipientRef: a keyed hash of site,
 * campaign and recipient id, kept in newsletter_recipients); the collector resolves it to the id. So no
 * mail scanner, proxy, log or forwarded mail reads who the recipient is, and one recipient's refs in two
 * campaigns cannot be linked. One merge field per recipient serves every link of the mail, and nobody
 * can make opens or clicks for a recipient without that recipient's token.
 *
 * The identity parameter the click adds to the destination is a third, short-lived token:
 *   [version 2][expiry u32 s][site len][site][campaign len][campaign][ref 12][mac 16]
 * Each kind's MAC starts with its own domain byte, so one kind can never pass for another.
 *
 * Transition: tokens issued before refs carried the id itself (recipient: base64url([id][mac 16]);
 * identity: version 1 with the id in place of the ref). Both still verify, as `{ id }`, so campaigns
 * already sent keep counting; that branch can go once every campaign prepared before refs has expired.
 */
import { fromBase64url, toBase64url } from './base64url';
import { mac, MAC_BYTES, macMatches } from './signingKey';

const VERSION = 1;
/** Identity tokens with a ref instead of the recipient id. */
const IDENTITY_VERSION = 2;
/** First byte of a reference recipient token: a legacy token starts with an id character, never 0x02. */
const REF_MARK = 0x02;
/** Bytes of a recipient reference: 96 bits, so two recipients of one campaign never share one. */
export const REF_BYTES = 12;
const FLAG_UNSIGNED = 1;
const DOMAIN = { link: 0x4c, recipient: 0x52, identity: 0x49, ref: 0x50 } as const; // 'L' 'R' 'I' 'P'
/** The open pixel's link id; clicks use 1…65535. */
export const OPEN_LINK_ID = 0;
export const MAX_LINK_ID = 0xffff;
export const UNSIGNED_PREFIX = '~';
/** Recipient ids: the same characters and length as customer ids (they become customer ids). */
const RECIPIENT_RE = /^[A-Za-z0-9._:@+-]{1,128}$/;

export interface LinkClaims {
  site: string;
  campaign: string;
  linkId: number;
  /** Seconds since the epoch. */
  expiresAt: number;
  unsignedRecipient: boolean;
}

/** Who a token names: an opaque reference to resolve, or (unsigned mode, legacy tokens) the id itself. */
export type Recipient = { ref: string } | { id: string };

export interface TokenClaims extends LinkClaims {
  who: Recipient;
  /** False when the recipient came unsigned from the email tool (unsigned-recipient mode). */
  verified: boolean;
}

/** Token claims with the recipient resolved (routes/newsletterTracking.ts). */
export interface TrackingClaims extends LinkClaims {
  recipient: string;
  verified: boolean;
}

export interface IdentityClaims {
  site: string;
  campaign: string;
  who: Recipient;
  expiresAt: number;
}

export type Refusal =
  | 'malformed'
  | 'bad-base64'
  | 'wrong-length'
  | 'bad-version'
  | 'bad-signature'
  | 'expired'
  | 'bad-recipient'
  | 'unsigned-not-allowed';
export type Verified<T> = { ok: true; claims: T } | { ok: false; reason: Refusal };

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const readU32 = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
function short(text: string): Uint8Array {
  const bytes = enc.encode(text);
  if (bytes.length > 255) throw new Error('site and campaign ids must be under 256 bytes');
  return concat([bytes.length], bytes);
}
/** site + campaign as length-prefixed bytes: the context a recipient token is bound to. */
const context = (site: string, campaign: string) => concat(short(site), short(campaign));

/** Reads a length-prefixed string at `at`; null when it runs past `end` or is not UTF-8. */
function readShort(b: Uint8Array, at: number, end: number): { text: string; next: number } | null {
  if (at >= end) return null;
  const next = at + 1 + b[at];
  if (next > end) return null;
  try {
    return { text: dec.decode(b.subarray(at + 1, next)), next };
  } catch {
    return null;
  }
}

export async function signLink(key: CryptoKey, c: LinkClaims): Promise<string> {
  if (!Number.isInteger(c.linkId) || c.linkId < 0 || c.linkId > MAX_LINK_ID) throw new Error('link id out of range');
  const payload = concat([(VERSION << 4) | (c.unsignedRecipient ? FLAG_UNSIGNED : 0)], u32(c.expiresAt), [c.linkId >> 8, c.linkId & 255], context(c.site, c.campaign));
  return toBase64url(concat(payload, await mac(key, concat([DOMAIN.link], payload))));
}

export async function verifyLink(key: CryptoKey, token: string, now: number): Promise<Verified<LinkClaims>> {
  const b = fromBase64url(token);
  if (!b) return { ok: false, reason: 'bad-base64' };
  const end = b.length - MAC_BYTES;
  if (end < 9) return { ok: false, reason: 'wrong-length' };
  if (b[0] >> 4 !== VERSION) return { ok: false, reason: 'bad-version' };
  const site = readShort(b, 7, end);
  const campaign = site && readShort(b, site.next, end);
  if (!campaign || campaign.next !== end) return { ok: false, reason: 'wrong-length' };
  const payload = b.subarray(0, end);
  if (!(await macMatches(key, concat([DOMAIN.link], payload), b.subarray(end)))) return { ok: false, reason: 'bad-signature' };
  const expiresAt = readU32(b, 1);
  if (expiresAt * 1000 <= now) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: {
      site: site.text,
      campaign: campaign.text,
      linkId: (b[5] << 8) | b[6],
      expiresAt,
      unsignedRecipient: (b[0] & FLAG_UNSIGNED) !== 0,
    },
  };
}


/** A recipient's opaque reference in a campaign: deterministic, so preparing them again gives the same token. */
export async function recipientRef(key: CryptoKey, site: string, campaign: string, recipient: string): Promise<string> {
  if (!RECIPIENT_RE.test(recipient)) throw new Error(`recipient id "${recipient}" is not 1–128 of A-Z a-z 0-9 . _ : @ + -`);
  const full = await mac(key, concat([DOMAIN.ref], context(site, campaign), enc.encode(recipient)));
  return toBase64url(full.subarray(0, REF_BYTES));
}

/** The recipient's merge-field value for a campaign, and the ref it carries (to store with the recipient). */
export async function signRecipient(key: CryptoKey, site: string, campaign: string, recipient: string): Promise<{ ref: string; token: string }> {
  const ref = await recipientRef(key, site, campaign, recipient);
  const payload = concat([REF_MARK], fromBase64url(ref)!);
  const token = toBase64url(concat(payload, await mac(key, concat([DOMAIN.recipient], context(site, campaign), payload))));
  return { ref, token };
}

/** `<link>.<recipient>` as found in `/o/:token` and `/c/:token`. */
export async function verifyTracking(key: CryptoKey, token: string, now: number): Promise<Verified<TokenClaims>> {
  const dot = token.indexOf('.');
  if (dot < 0) return { ok: false, reason: 'malformed' };
  const link = await verifyLink(key, token.slice(0, dot), now);
  if (!link.ok) return link;
  const { site, campaign } = link.claims;
  const part = token.slice(dot + 1);
  if (part.startsWith(UNSIGNED_PREFIX)) {
    if (!link.claims.unsignedRecipient) return { ok: false, reason: 'unsigned-not-allowed' };
    let recipient: string;
    try {
      recipient = decodeURIComponent(part.slice(1));
    } catch {
      return { ok: false, reason: 'bad-recipient' };
    }
    if (!RECIPIENT_RE.test(recipient)) return { ok: false, reason: 'bad-recipient' };
    return { ok: true, claims: { ...link.claims, who: { id: recipient }, verified: false } };
  }
  const b = fromBase64url(part);
  if (!b) return { ok: false, reason: 'bad-base64' };
  if (b[0] === REF_MARK) {
    if (b.length !== 1 + REF_BYTES + MAC_BYTES) return { ok: false, reason: 'wrong-length' };
    const payload = b.subarray(0, 1 + REF_BYTES);
    if (!(await macMatches(key, concat([DOMAIN.recipient], context(site, campaign), payload), b.subarray(payload.length)))) {
      return { ok: false, reason: 'bad-signature' };
    }
    return { ok: true, claims: { ...link.claims, who: { ref: toBase64url(payload.subarray(1)) }, verified: true } };
  }
  // Legacy: [recipient id][mac], issued before refs.
  if (b.length <= MAC_BYTES || b.length > 128 + MAC_BYTES) return { ok: false, reason: 'wrong-length' };
  const id = b.subarray(0, b.length - MAC_BYTES);
  if (!(await macMatches(key, concat([DOMAIN.recipient], context(site, campaign), id), b.subarray(id.length)))) {
    return { ok: false, reason: 'bad-signature' };
  }
  const recipient = decodeRecipient(id);
  if (recipient === null) return { ok: false, reason: 'bad-recipient' };
  return { ok: true, claims: { ...link.claims, who: { id: recipient }, verified: true } };
}

export async function signIdentity(key: CryptoKey, c: { site: string; campaign: string; ref: string; expiresAt: number }): Promise<string> {
  const ref = fromBase64url(c.ref);
  if (!ref || ref.length !== REF_BYTES) throw new Error('ref must be REF_BYTES of base64url');
  const payload = concat([IDENTITY_VERSION << 4], u32(c.expiresAt), context(c.site, c.campaign), ref);
  return toBase64url(concat(payload, await mac(key, concat([DOMAIN.identity], payload))));
}

export async function verifyIdentity(key: CryptoKey, token: string, now: number): Promise<Verified<IdentityClaims>> {
  const b = fromBase64url(token);
  if (!b) return { ok: false, reason: 'bad-base64' };
  const end = b.length - MAC_BYTES;
  if (end < 8) return { ok: false, reason: 'wrong-length' };
  const version = b[0] >> 4;
  if (version !== IDENTITY_VERSION && version !== VERSION) return { ok: false, reason: 'bad-version' };
  const site = readShort(b, 5, end);
  const campaign = site && readShort(b, site.next, end);
  if (!campaign || campaign.next >= end) return { ok: false, reason: 'wrong-length' };
  if (version === IDENTITY_VERSION && end - campaign.next !== REF_BYTES) return { ok: false, reason: 'wrong-length' };
  const payload = b.subarray(0, end);
  if (!(await macMatches(key, concat([DOMAIN.identity], payload), b.subarray(end)))) return { ok: false, reason: 'bad-signature' };
  const expiresAt = readU32(b, 1);
  if (expiresAt * 1000 <= now) return { ok: false, reason: 'expired' };
  const rest = b.subarray(campaign.next, end);
  let who: Recipient;
  if (version === IDENTITY_VERSION) who = { ref: toBase64url(rest) };
  else {
    // Legacy (version 1): the recipient id itself.
    const recipient = decodeRecipient(rest);
    if (recipient === null) return { ok: false, reason: 'bad-recipient' };
    who = { id: recipient };
  }
  return { ok: true, claims: { site: site.text, campaign: campaign.text, who, expiresAt } };
}

function decodeRecipient(bytes: Uint8Array): string | null {
  try {
    const text = dec.decode(bytes);
    return RECIPIENT_RE.test(text) ? text : null;
  } catch {
    return null;
  }
}
