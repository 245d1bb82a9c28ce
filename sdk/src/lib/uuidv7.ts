/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix ms, the version 7, then random bits with the variant (10xx).
 * Time-ordered, so ids sort like the events they name, and unique enough that the collector can
 * deduplicate on them. Built as hex text (byte-lean); getRandomValues, since randomUUID needs HTTPS.
 */
export function uuidv7(): string {
  let h = Date.now().toString(16).padStart(12, '0') + 7;
  // One random nibble per digit (74 random bits); the 17th digit holds the variant and 2 random bits.
  for (const b of crypto.getRandomValues(new Uint8Array(19))) h += (h.length == 16 ? 8 | (b & 3) : b & 15).toString(16);
  return h.replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}
