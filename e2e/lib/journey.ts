/** The journey as the public read API returns it, polled until `expected` events have arrived. */
export interface ApiEvent {
  id: string;
  type: string;
  name: string | null;
  path: string | null;
  url: string | null;
  props: Record<string, unknown> | null;
  seq: number;
  sessionId: string;
}

export const DEV_READ_KEY = 'demo-read-key';

export async function fetchJourney(collector: string, visitorId: string, site = 'demo'): Promise<ApiEvent[]> {
  const res = await fetch(`${collector}/v1/sites/${site}/visitors/${visitorId}/journey?limit=1000`, {
    headers: { authorization: `Bearer ${DEV_READ_KEY}` },
  });
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`journey read failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { events: ApiEvent[] }).events;
}

/**
 * Waits until at least `expected` events are stored, then waits a little longer and reads again,
 * so a late duplicate would show up in the assertion instead of slipping past it.
 */
export async function waitForJourney(collector: string, visitorId: string, expected: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let events: ApiEvent[] = [];
  while (Date.now() < deadline) {
    events = await fetchJourney(collector, visitorId);
    if (events.filter(isAction).length >= expected) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 750));
  return fetchJourney(collector, visitorId);
}

/**
 * Web vitals arrive on the browser's schedule (FCP at paint, the rest when the page is hidden), so
 * journeys compared as lists leave them out; tests about vitals read them directly.
 */
const isAction = (e: ApiEvent) => e.type !== 'vital';

/** A compact, readable form of a journey for assertions: `pageview /app/`, `event signup_clicked`. */
export const describeEvents = (events: ApiEvent[]) =>
  events.filter(isAction).map((e) => (e.type === 'pageview' ? `pageview ${e.path}${hashOf(e.url)}` : `${e.type} ${e.name}`));

const hashOf = (url: string | null) => (url && url.includes('#') ? url.slice(url.indexOf('#')) : '');
