/** A mistake in how the command was called or a refusal from the collector: printed without a stack. */
export class CliError extends Error {}
