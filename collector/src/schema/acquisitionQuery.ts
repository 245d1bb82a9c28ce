import * as z from 'zod';
import { overviewQuerySchema } from './overviewQuery';

/** `?from=&to=&by=&goal=` of GET /v1/sites/:site/reports/channels (range as the overview's). */
export const channelReportQuerySchema = overviewQuerySchema.extend({
  by: z.enum(['channel', 'source', 'medium', 'campaign']).default('channel').describe('what a row is (default: channel)'),
  goal: z.string().min(1).max(64).optional().describe('a goal id: conversions count that goal only (default: any of the site’s goals)'),
});

/** `?from=&to=` of GET /v1/sites/:site/reports/devices. */
export const deviceReportQuerySchema = overviewQuerySchema;
