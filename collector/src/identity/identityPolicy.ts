import type { Env } from '../env';
import { cachedIdentitySettings, type IdentityMode, type IdentitySettingsRow } from '../store/identitySettings';
import { open } from './secretBox';

/** The mode in force: the site's choice, else signed once it has a secret, else open (spoofable). */
export function effectiveMode(row: Pick<IdentitySettingsRow, 'mode' | 'secret'> | null): IdentityMode {
  return row?.mode ?? (row?.secret ? 'signed' : 'open');
}

export interface IdentityPolicy {
  mode: IdentityMode;
  /** Secrets a signature may be made with: the current one, and the previous one during its grace. */
  secrets: string[];
}

/** What browser identifies of a site must satisfy now (per batch that holds an identify; the row is cached per isolate). */
export async function identityPolicy(env: Env, site: string, now: number): Promise<IdentityPolicy> {
  const row = await cachedIdentitySettings(env.DB, site);
  const sealed = [row?.secret, row && row.previous_until !== null && row.previous_until > now ? row.previous_secret : null];
  const secrets = await Promise.all(sealed.filter((s): s is string => !!s).map((s) => open(env.IDENTITY_SECRETS_KEY, site, s)));
  return { mode: effectiveMode(row), secrets };
}
