import * as z from './zod';
import { overviewQuerySchema } from './overviewQuery';

/** `?from=&to=&by=&goal=` of GET /v1/sites/:site/reports/channels (range as the overview's). */
export const channelReportQuerySchema = z.extend(overviewQuerySchema, {
  by: z._default(z.enum(['channel', 'source', 'medium', 'campaign']), 'channel').check(z.describe('what a row is (default: channel)')),
  goal: z.optional(z.string().check(z.minLength(1), z.maxLength(64))).check(z.describe('a goal id: conversions count that goal only (default: any of the site’s goals)')),
});

/** `?from=&to=` of GET /v1/sites/:site/reports/devices. */
export const deviceReportQuerySchema = overviewQuerySchema;
