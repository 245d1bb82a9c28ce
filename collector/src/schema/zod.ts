/**
 * The collector's zod: zod/mini (functions and checks instead of methods, so the bundle holds only
 * what the schemas use; see `npm run bench:worker`) with zod's English messages, which the classic
 * API configured on import and mini leaves out. Import zod from here, never from 'zod' directly.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
