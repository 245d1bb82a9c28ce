import { load, save } from './lib/storage';
import { uuidv7 } from './lib/uuidv7';

const SESSION_KEY = 'hoptrail_ses';
const IDLE_MS = 30 * 60_000;

interface SessionState {
  id: string;
  /** Last sequence number handed out. */
  seq: number;
  /** Last activity, ms. */
  at: number;
}

/**
 * The current session and its next sequence number. A session ends after 30 minutes without
 * events; it is shared by the site's tabs through localStorage so a second tab continues it.
 */
export function nextInSession(now: number): { sessionId: string; seq: number } {
  let s = load<SessionState>(SESSION_KEY);
  if (!s || now - s.at > IDLE_MS) s = { id: uuidv7(), seq: -1, at: now };
  s.seq++;
  s.at = now;
  save(SESSION_KEY, s);
  return { sessionId: s.id, seq: s.seq };
}

/** Ends the session now; the next event starts a new one (used by reset()). */
export function endSession(): void {
  save(SESSION_KEY, null);
}
