/**
 * A byte stream that asks `next` for its next piece of text only when the consumer wants more (pull,
 * high-water mark 0), so an export holds one page in memory however large it is. `next` returns null
 * when done; empty pieces (a page the segment filter emptied) are skipped.
 */
export function streamText(first: string, next: () => Promise<string | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let head: string | null = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const piece: string | null = head ?? (await next());
            head = null;
            if (piece === null) return controller.close();
            if (piece === '') continue;
            return controller.enqueue(encoder.encode(piece));
          }
        } catch (err) {
          console.error('export stream failed', err);
          controller.error(err);
        }
      },
    },
    { highWaterMark: 0 },
  );
}
