/**
 * The little a core SDK scenario needs from a browser, so one scenario file runs in every engine
 * (Firefox over WebDriver BiDi, WebKit over classic WebDriver). Chromium keeps its playwright tests.
 */
export interface EnginePage {
  goto(url: string): Promise<void>;
  /** Runs `fn` in the page (serialised, so it must not close over test variables) and awaits its result. */
  evaluate<A extends unknown[], T>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T>;
  /** A real click (pointer events from the browser) on the element `find` resolves. */
  click(selector: string, text?: string): Promise<void>;
  /** Real key presses into the element `find` resolves. */
  type(selector: string, text: string): Promise<void>;
}

export interface Engine {
  name: string;
  page: EnginePage;
  /** Uncaught page errors where the engine's protocol reports them (null: it does not). */
  pageErrors: string[] | null;
  close(): Promise<void>;
}

/**
 * Resolves `selector` in the page: CSS, with ` >>> ` stepping into an element's open shadow root;
 * `text`, when given, picks the match whose text is exactly that. Runs in the page.
 */
export function find(selector: string, text?: string | null): Element | null {
  let roots: (Document | ShadowRoot)[] = [document];
  const steps = selector.split(' >>> ');
  for (const [i, step] of steps.entries()) {
    const found = roots.flatMap((r) => Array.from(r.querySelectorAll(step)));
    if (i === steps.length - 1) return found.find((el) => text == null || el.textContent!.trim() === text) ?? null;
    roots = found.map((el) => el.shadowRoot).filter((r): r is ShadowRoot => !!r);
  }
  return null;
}

/** Polls `fn` in the page until it returns something truthy (a condition, never a fixed sleep). */
export async function waitFor<A extends unknown[], T>(page: EnginePage, fn: (...args: A) => T, args: A, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(fn, ...args).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until `selector` resolves to an element that has a box (rendered, not display:none). */
export const waitForElement = (page: EnginePage, selector: string, text?: string) =>
  waitFor(
    page,
    (source: string, s: string, t: string | null) => {
      const el = (0, eval)(`(${source})`)(s, t) as Element | null;
      return !!el && el.getClientRects().length > 0;
    },
    [find.toString(), selector, text ?? null],
    `${selector}${text ? ` "${text}"` : ''}`,
  );
