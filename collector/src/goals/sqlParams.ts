/** Positional parameters for SQL built from parts: `add(v)` binds v and returns its `?N`. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(...initial: unknown[]) {
    this.values.push(...initial);
  }

  add(value: unknown): string {
    this.values.push(value);
    return `?${this.values.length}`;
  }
}
