import type * as z from '../schema/zod';
import { describeError } from '../schema/parse';

/** One event of a batch that was not stored, and why: `field` names the offending value (`events[3].props.title`). */
export interface Refusal {
  index: number;
  field: string;
  message: string;
}

/**
 * An event its route already refused (say, a server event whose input failed its own schema), passed
 * to ingest in its place so the refusal keeps the event's index in the batch.
 */
export class Refused {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}

  static from(error: z.core.$ZodError, prefix: string): Refused {
    const { field, message } = describeError(error, prefix);
    return new Refused(field, message);
  }
}
