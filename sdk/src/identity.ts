import { load, save } from './lib/storage';
import { uuidv7 } from './lib/uuidv7';

const VISITOR_KEY = 'hoptrail_vid';

/** The anonymous visitor id: random, created once, kept in first-party storage. */
export function loadVisitorId(): string {
  let id = load<string>(VISITOR_KEY);
  if (!id) save(VISITOR_KEY, (id = uuidv7()));
  return id;
}
