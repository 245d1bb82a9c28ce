import { ORIGIN } from './helpers';
import { fetchWorker } from './worker';

export interface Prepared {
  campaign: string;
  html?: string;
  text?: string;
  links: { id: number; url: string; occurrences: number }[];
  skipped: { href: string; reason: string }[];
  tokens?: { recipient: string; token: string }[];
  mergeTag: string;
}

export async function prepare(site: string, writeKey: string, body: Record<string, unknown>) {
  const res = await fetchWorker(`${ORIGIN}/v1/sites/${site}/newsletters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { res, body: (await res.json()) as Prepared & { error?: string; field?: string } };
}

/** The tracked URLs of a prepared mail, the merge tag filled in as the email tool would. */
export function trackedUrls(prepared: Prepared, fill: string): { opens: string[]; clicks: string[] } {
  const all = [...(prepared.html ?? '').matchAll(/(?:src|href)="([^"]*\/(?:o|c)\/[^"]*)"/g)].map((m) => m[1]);
  const filled = all.map((u) => u.split(prepared.mergeTag).join(fill));
  return { opens: filled.filter((u) => u.includes('/o/')), clicks: filled.filter((u) => u.includes('/c/')) };
}

export const tokenOf = (prepared: Prepared, recipient: string) => prepared.tokens!.find((t) => t.recipient === recipient)!.token;

export function get(url: string, init: RequestInit & { cf?: Record<string, unknown> } = {}) {
  return fetchWorker(url, { redirect: 'manual', ...init });
}

export const READER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
