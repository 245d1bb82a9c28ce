import { CliError } from './cliError.mjs';

/**
 * Where the collector is and which key to use: flags, then environment, then the local development
 * defaults of `npm start` (site `demo`, key `demo-write-key` on http://127.0.0.1:8787).
 */
export function collectorConfig(values, kind = 'write') {
  const envKey = kind === 'write' ? process.env.HOPTRAIL_WRITE_KEY : process.env.HOPTRAIL_READ_KEY;
  const api = (values.api ?? process.env.HOPTRAIL_API ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
  const site = values.site ?? process.env.HOPTRAIL_SITE ?? 'demo';
  const key = values.key ?? envKey ?? (isLocal(api) ? `demo-${kind}-key` : undefined);
  if (!key) throw new CliError(`a ${kind} key is needed: --key KEY or HOPTRAIL_${kind.toUpperCase()}_KEY`);
  return { api, site, key };
}

const isLocal = (api) => /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(api);

/** Calls the collector's API; a refusal becomes a CliError naming the field the collector named. */
export async function callCollector({ api, key }, method, path, body) {
  let res;
  try {
    res = await fetch(api + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body && { 'content-type': 'application/json' }) },
      body: body && JSON.stringify(body),
    });
  } catch (err) {
    throw new CliError(`cannot reach the collector at ${api} (${err.cause?.code ?? err.message}); is it running (npm start)?`);
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new CliError(`${method} ${path} answered ${res.status}: ${data.error ?? 'no details'}`);
  return data;
}
