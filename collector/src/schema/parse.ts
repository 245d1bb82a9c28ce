import type * as z from './zod';
import { fail } from '../http/errors';

/** `['events', 3, 'props', 'title']` → `events[3].props.title`. */
export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || 'body';
}

/**
 * Validates `value` against `schema`; on failure answers 400 with the first issue's field path
 * (prefixed, e.g. `events[3]`) in both the message and the `field` key.
 */
export function parseOr400<S extends z.ZodMiniType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { field, message } = describeError(result.error, prefix);
  return fail(400, message, field);
}

/** The first issue of a failed parse as `{ field, message }`, the message starting with the field. */
export function describeError(error: z.core.$ZodError, prefix = ''): { field: string; message: string } {
  const issue = pickIssue(error.issues);
  const field = fieldPath(issue.path, prefix);
  return { field, message: `${field}: ${issue.message}` };
}

/**
 * For a union mismatch zod reports the union itself; dig into the branch errors (unions inside unions
 * too, e.g. a segment rule's groups) for the most precise path.
 */
function pickIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  const first = issues[0];
  if (first.code === 'invalid_union' && first.errors.length) {
    const deepest = first.errors
      .filter((branch) => branch.length)
      .map((branch) => pickIssue(branch))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (deepest) return { ...deepest, path: [...first.path, ...deepest.path] } as z.core.$ZodIssue;
  }
  return first;
}
