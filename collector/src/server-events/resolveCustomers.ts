import { customersByEmailHash } from '../store/customerByEmailHash';

export interface CustomerKey {
  customerId?: string;
  emailHash?: string;
}

/** Customers known only by an email hash are `email:<hash>` until a server identify names them. */
export const EMAIL_CUSTOMER_PREFIX = 'email:';

/** Customer id for each key: the given id, the customer whose emailHash trait matches, or `email:<hash>`. */
export async function resolveCustomers(db: D1Database, site: string, keys: CustomerKey[]): Promise<string[]> {
  const hashes = keys.filter((k) => !k.customerId && k.emailHash).map((k) => k.emailHash!);
  const byHash = await customersByEmailHash(db, site, hashes);
  return keys.map((k) => k.customerId ?? byHash.get(k.emailHash!) ?? `${EMAIL_CUSTOMER_PREFIX}${k.emailHash}`);
}
