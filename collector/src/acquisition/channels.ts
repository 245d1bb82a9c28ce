/**
 * The channels a session is classified into (acquisition/classifySession.ts), after GA4's default
 * channel group: the values stored in `sessions.channel` and reported by
 * GET /v1/sites/:site/reports/channels. Other modules import these; the strings are spelled only here.
 */
export const CHANNELS = [
  'direct',
  'organic_search',
  'paid_search',
  'organic_social',
  'paid_social',
  'organic_video',
  'paid_video',
  'organic_shopping',
  'paid_shopping',
  'display',
  'cross_network',
  'paid_other',
  'email',
  'affiliates',
  'referral',
  'audio',
  'sms',
  'mobile_push',
  'unassigned',
] as const;

export type Channel = (typeof CHANNELS)[number];

/** How a channel reads on the dashboard and in docs. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  direct: 'Direct',
  organic_search: 'Organic search',
  paid_search: 'Paid search',
  organic_social: 'Social',
  paid_social: 'Paid social',
  organic_video: 'Video',
  paid_video: 'Paid video',
  organic_shopping: 'Shopping',
  paid_shopping: 'Paid shopping',
  display: 'Display',
  cross_network: 'Cross-network',
  paid_other: 'Other paid',
  email: 'Email',
  affiliates: 'Affiliates',
  referral: 'Referral',
  audio: 'Audio',
  sms: 'SMS',
  mobile_push: 'Mobile push',
  unassigned: 'Unassigned',
};
