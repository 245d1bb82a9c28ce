import { fail } from '../http/errors';
import { signingKey } from './signingKey';

/** The signing key for API routes: a collector without NEWSLETTER_SECRET answers 503 saying so. */
export async function newsletterKey(secret: string | undefined): Promise<CryptoKey> {
  try {
    return await signingKey(secret);
  } catch {
    return fail(503, 'newsletters are not configured on this collector: set the NEWSLETTER_SECRET secret');
  }
}
