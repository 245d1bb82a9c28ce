import { load, save } from './lib/storage';
import { uuidv7 } from './lib/uuidv7';

const SESSION_KEY = 'hoptrail_ses';
const IDLE_MS = 30 * 60_000;
let current: SessionState | undefined;

interface SessionState {
  id: string;
  /** Last sequence number handed out. */
  seq: number;
  /** Last activity, ms. */
  at: number;
  /** The campaign source (utm_source) the session came from. */
  src?: string;
}

/**
 * The current session and its next sequence number. A session ends after 30 minutes without
 * events, or when a page arrives from a different campaign source (utm_source), as analytics
 * tools count sessions; it is shared by the site's tabs through localStorage.
 */
export function nextInSession(now: number, source?: string): { sessionId: string; seq: number } {
  let s = current || load<SessionState>(SESSION_KEY);
  // A new session's `at` is set just below.
  if (!s || now - s.at > IDLE_MS || (source && source != s.src)) s = { id: uuidv7(), seq: -1, src: source } as SessionState;
  s.at = now;
  // Read once and written once per task (a loop of track() calls costs one storage write); other
  // tabs see the session as soon as this task ends.
  if (!current)
    queueMicrotask(() => {
      if (current) save(SESSION_KEY, current);
      current = undefined;
    });
  current = s;
  return { sessionId: s.id, seq: ++s.seq };
}

/** Ends the session now; the next event starts a new one (used by reset()). */
export function endSession(): void {
  current = undefined;
  save(SESSION_KEY, null);
}
