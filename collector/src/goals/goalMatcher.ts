/**
 * What a goal (or a funnel step) matches, one event at a time:
 *   { kind: 'page', path }              a pageview whose path matches `path`; `*` matches any run of
 *                                       characters (`/blog/*`, `/checkout/*\/done`), everything else literally
 *   { kind: 'event', name, props? }     a custom event (`hoptrail.track`) of that name whose props equal
 *                                       every given value (string, number or boolean; top-level keys)
 *   { kind: 'purchase' }                a purchase that counted (the first for its order id)
 */
import * as z from '../schema/zod';
import { LIMITS } from '../schema/limits';
import { TYPE } from '../schema/vocabulary';
import type { SqlParams } from './sqlParams';

/** Path characters plus `*`; `?`, `[` and `]` (GLOB's other wildcards) never occur in a stored path. */
const pathPattern = z.string().check(
  z.minLength(1),
  z.maxLength(LIMITS.nameLength),
  z.regex(/^\/[A-Za-z0-9._~%!$&'()+,;=:@/*-]*$/, 'must be a path starting with "/"; "*" matches anything'),
);

const propFilterKey = z.string().check(z.regex(/^[A-Za-z0-9_$-]{1,64}$/, 'must be a top-level prop name (letters, digits, _ $ -)'));

export const goalMatcherSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('page'), path: pathPattern }),
  z.strictObject({
    kind: z.literal('event'),
    name: z.string().check(z.minLength(1), z.maxLength(LIMITS.nameLength)),
    props: z.optional(z.record(propFilterKey, z.union([z.string().check(z.maxLength(LIMITS.textLength)), z.number(), z.boolean()])).check(z.refine((o) => Object.keys(o).length <= LIMITS.goalPropFilters, `has more than ${LIMITS.goalPropFilters} filters`))),
  }),
  z.strictObject({ kind: z.literal('purchase') }),
]);
export type GoalMatcher = z.infer<typeof goalMatcherSchema>;

/**
 * The matcher as a SQL condition over an `events` row aliased `e` (its values bound through `p`).
 * Booleans compare as 1/0, which is how SQLite's `->>` returns JSON true/false.
 */
export function matcherSql(m: GoalMatcher, p: SqlParams): string {
  switch (m.kind) {
    case 'page':
      return `(e.type = '${TYPE.pageview}' AND e.path GLOB ${p.add(m.path)})`;
    case 'event': {
      const props = Object.entries(m.props ?? {}).map(
        ([k, v]) => ` AND e.props->>${p.add(`$."${k}"`)} = ${p.add(typeof v === 'boolean' ? Number(v) : v)}`,
      );
      return `(e.type = '${TYPE.event}' AND e.name = ${p.add(m.name)}${props.join('')})`;
    }
    case 'purchase':
      // Only the purchase that claimed its order id (orders projection): a repeat is no second conversion.
      return `(e.type = '${TYPE.purchase}' AND EXISTS (SELECT 1 FROM orders o WHERE o.site = e.site AND o.event_id = e.id AND o.order_id = e.props->>'orderId'))`;
  }
}
