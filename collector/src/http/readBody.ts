import { fail } from './errors';

/**
 * Reads a request body as UTF-8 text, counting bytes as they stream in. Content-Length is only a
 * hint: a chunked body or a lying header cannot push past `cap` (the read stops at cap + 1 byte).
 */
export async function readBodyText(request: Request, cap: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > cap) fail(413, `body is over the ${cap}-byte limit`, 'body');
  if (!request.body) fail(400, 'body is empty', 'body');

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => {});
      fail(413, `body is over the ${cap}-byte limit`, 'body');
    }
    chunks.push(value);
  }
  if (total === 0) fail(400, 'body is empty', 'body');

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail(400, 'body is not valid UTF-8', 'body');
  }
}

/** Reads and parses a JSON body under the byte cap; 400 naming `body` when it is not JSON. */
export async function readJsonBody(request: Request, cap: number): Promise<unknown> {
  const text = await readBodyText(request, cap);
  try {
    return JSON.parse(text);
  } catch {
    return fail(400, 'body is not valid JSON', 'body');
  }
}
