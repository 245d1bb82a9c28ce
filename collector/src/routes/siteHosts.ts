import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { durably } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { parseOr400 } from '../schema/parse';
import { declaredHosts, seenHosts, setDeclaredHosts } from '../store/ownHosts';

/** `shop.example` or `*.shop.example`, as URL.hostname writes it (lowercase, IDN as punycode). */
const hostPattern = z.string().check(z.trim(), z.toLowerCase(), z.maxLength(253), z.refine((h) => {
    const name = h.startsWith('*.') ? h.slice(2) : h;
    try {
      return name !== '' && new URL(`http://${name}/`).hostname === name;
    } catch {
      return false;
    }
  }, 'must be a hostname like shop.example, or *.shop.example for its subdomains'));

export const ownHostsSchema = z.strictObject({
  /** The site's own hosts; an empty list goes back to the hosts the SDK has seen. */
  hosts: z.array(hostPattern).check(z.maxLength(50)),
});

/**
 * The hosts a site's pages live on: a newsletter click adds the landing identity (`ht_nl`) only when
 * its destination is one of them, so partner shops and social profiles never receive it.
 */
export const siteHostWritesRoute = new Hono<AppEnv>();
// PUT /v1/sites/:site/hosts { hosts } — write key.
siteHostWritesRoute.put('/hosts', async (c) => {
  const site = c.req.param('site')!;
  const { hosts } = parseOr400(ownHostsSchema, await readJsonBody(c.req.raw, 16 * 1024));
  const unique = [...new Set(hosts)];
  await durably(() => setDeclaredHosts(c.env.DB, site, unique, Date.now()));
  return c.json(await ownHostsOf(c.env.DB, site));
});

// GET /v1/sites/:site/hosts — read key (checked by the parent).
export const siteHostReadsRoute = new Hono<AppEnv>();
siteHostReadsRoute.get('/hosts', async (c) => c.json(await ownHostsOf(c.env.DB, c.req.param('site')!)));

async function ownHostsOf(db: D1Database, site: string) {
  const declared = await declaredHosts(db, site);
  return declared ? { hosts: declared, source: 'declared' } : { hosts: await seenHosts(db, site), source: 'seen' };
}
