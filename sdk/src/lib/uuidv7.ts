/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix ms, then random bits. Time-ordered, so ids sort like the
 * events they name, and unique enough that the collector can deduplicate on them.
 */
export function uuidv7(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let t = Date.now();
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b[6] = (b[6] & 15) | 0x70;
  b[8] = (b[8] & 63) | 0x80;
  let h = '';
  for (let i = 0; i < 16; i++) h += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + (b[i] + 256).toString(16).slice(1);
  return h;
}
