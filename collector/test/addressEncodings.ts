/**
 * How a recipient address could hide in a URL, for tests that prove newsletter links carry none
 * (collector tests and the Chromium e2e). Pure: no workerd or browser imports.
 */

/**
 * The address as written, lowercased, URL-encoded (both ways), hex, and base64/base64url at each of the
 * three byte alignments it could start on inside a longer token (characters that depend on the
 * neighbouring bytes are cut off).
 */
export function encodingsOf(address: string): string[] {
  const forms = new Set([address, address.toLowerCase(), encodeURIComponent(address), encodeURI(address), Buffer.from(address).toString('hex')]);
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.from('\0'.repeat(pad) + address).toString('base64');
    const stable = b64.slice(pad === 0 ? 0 : pad + 1, -4);
    forms.add(stable);
    forms.add(stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((f) => f.length >= 8);
}

/** base64url-looking runs of a text, decoded at each offset: what a scanner would try first. */
export function decodedRuns(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9_-]{8,}/g)].flatMap((m) =>
    [0, 1, 2, 3].map((skip) => Buffer.from(m[0].slice(skip).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1')),
  );
}

/** Where in `text` one of the addresses shows, in any of those encodings, or null. */
export function findAddress(text: string, addresses: string[]): string | null {
  for (const address of addresses) {
    for (const form of encodingsOf(address)) if (text.includes(form)) return `${address} as ${form}`;
    // The local part alone too, when long enough not to turn up in random bytes by chance.
    const parts = [address, address.split('@')[0]].filter((p) => p.length >= 4);
    for (const decoded of decodedRuns(text)) {
      const part = parts.find((p) => decoded.includes(p));
      if (part) return `${part} base64-decoded`;
    }
  }
  return null;
}
