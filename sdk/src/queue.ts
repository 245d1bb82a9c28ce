import { eachKey, load, save } from './lib/storage';
import { uuidv7 } from './lib/uuidv7';
import type { HoptrailEvent } from './types';

const PREFIX = 'hoptrail_q_';
/** Most unsent events kept in storage per tab; past it the oldest go, and the drop is counted and reported. */
export const QUEUE_CAP = 500;
/** A tab that wrote nothing for this long (crashed, killed) is treated as gone. */
const STALE_MS = 36e5;

interface Stored {
  /** Unconfirmed events, oldest first. */
  q: HoptrailEvent[];
  /** Events dropped at the cap, not yet reported. */
  d: number;
  /** Last write, ms. */
  t: number;
  /** Released: the page went away, any page of the site may take these over. */
  o?: 1;
}

export interface Queue {
  /** Unconfirmed events of this tab, oldest first (in flight included). */
  _q: HoptrailEvent[];
  /** Drops inherited from earlier pages, to report with the next batch. */
  _d: number;
  /** Writes through to storage now (`released` when the page is going away). */
  _save(released?: 1): void;
  /** Writes through once the current task is done: 1,000 track() calls in a loop cost one write. */
  _saveSoon(): void;
}

/**
 * The unsent events of THIS tab, mirrored to localStorage under a key of its own: tabs never write
 * each other's keys (localStorage is not transactional across processes), so two tabs do not send
 * the same queued event. A page going away marks its key released; the next page of the site (a
 * reload, another tab) adopts released and stale keys, so a backlog survives reloads and offline
 * periods. Storage keeps the newest 500; what a page leaves beyond that is counted as dropped.
 */
export function createQueue(): Queue {
  const key = PREFIX + uuidv7();
  let soon: unknown;
  const queue: Queue = {
    _q: [],
    _d: 0,
    _save(o) {
      soon = 0;
      const q = queue._q.slice(-QUEUE_CAP);
      save(key, { q, d: queue._d + queue._q.length - q.length, t: Date.now(), o } as Stored);
    },
    _saveSoon() {
      if (!soon) queueMicrotask(() => soon && queue._save());
      soon = 1;
    },
  };
  eachKey(PREFIX, (k) => {
    const s = load<Stored>(k);
    if (s && (s.o || Date.now() - s.t > STALE_MS)) {
      localStorage.removeItem(k);
      queue._q.push(...s.q);
      queue._d += s.d;
    }
  });
  return queue;
}
