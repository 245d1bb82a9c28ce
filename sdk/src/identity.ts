import { load, save } from './lib/storage';
import { uuidv7 } from './lib/uuidv7';

const VISITOR_KEY = 'hoptrail_vid';

/** The anonymous visitor id: random, created once, kept in first-party storage. */
export function loadVisitorId(): string {
  return load<string>(VISITOR_KEY) || newVisitorId();
}

/** A fresh anonymous visitor (logout: the next person on this device is not the last one). */
export function newVisitorId(): string {
  const id = uuidv7();
  save(VISITOR_KEY, id);
  return id;
}
