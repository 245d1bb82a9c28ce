/**
 * localStorage that never throws: it is missing in some sandboxed iframes, throws in Safari's
 * private mode on quota, and may be disabled by the user. Every value is also kept in memory, which
 * serves this page when storage fails and is the ONLY store in cookieless mode (`keep(false)`):
 * then nothing reaches the device, and ids and queues live as long as the page. `always` is for the
 * visitor's own consent choice, which must be remembered in every mode.
 */
/** The visitor's consent choice: kept in every mode, and kept by forget(). */
export const CHOICE_KEY = 'hoptrail_consent';
const mem: Record<string, string | undefined> = {};
let persist = true;

export function load<T>(key: string, always?: boolean): T | undefined {
  let raw = mem[key];
  try {
    if (persist || always) raw = localStorage.getItem(key)!;
  } catch {
    // Blocked: the in-memory copy serves.
  }
  try {
    return JSON.parse(raw!);
  } catch {
    // Nothing stored.
  }
}

export function save(key: string, value: unknown, always?: boolean): void {
  try {
    mem[key] = JSON.stringify(value);
    if (persist || always) localStorage.setItem(key, mem[key]!);
  } catch {
    // Storage full or blocked: the in-memory value still serves this page.
  }
}

/** Whether values may reach the device's storage (false: cookieless mode). */
export const keep = (on: boolean) => (persist = on);

/** Calls `fn` with each stored key that starts with `prefix` (none when storage is blocked). */
export function eachKey(prefix: string, fn: (key: string) => unknown): void {
  try {
    for (const key of Object.keys(localStorage)) if (!key.indexOf(prefix)) fn(key);
  } catch {
    // Nothing stored that we can reach.
  }
}

/** Removes Hoptrail's identifiers and queues from the device (consent withdrawn, opt-out). */
export const forget = () => eachKey('hoptrail_', (key) => key != CHOICE_KEY && localStorage.removeItem(key));
