/**
 * UTC offsets (minutes) of the zone abbreviations Freshdesk prints with `%Z` in rendered dates
 * ("July 10 2023 at 05:00 PM EDT"): the account's or agent's Rails time zone as tzdata abbreviates it.
 * Zones tzdata has no letters for print a numeric offset ("+03", "+0530"), read by parseFreshdeskDate.
 * Two letter abbreviations are ambiguous among Rails' zones; the reading taken is noted:
 *   IST  India (Chennai, Kolkata, Mumbai, New Delhi), not Dublin's summer time (+01:00) or Jerusalem (+02:00)
 *   CST  US / Canada / Mexico / Central America Central, not Beijing, Chongqing or Taipei (+08:00)
 * Accounts in the other reading get due dates off by hours: they can set an unambiguous time zone for the
 * rule's agent or account, or send due dates through the server API.
 */
export const FRESHDESK_ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  CAT: 120,
  SAST: 120,
  EAT: 180,
  MSK: 180,
  IST: 330,
  IDT: 180,
  PKT: 300,
  WIB: 420,
  HKT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  ACST: 570,
  ACDT: 630,
  AEST: 600,
  AEDT: 660,
  ChST: 600,
  NZST: 720,
  NZDT: 780,
  SST: -660,
  HST: -600,
  AKST: -540,
  AKDT: -480,
  PST: -480,
  PDT: -420,
  MST: -420,
  MDT: -360,
  CST: -360,
  CDT: -300,
  EST: -300,
  EDT: -240,
  AST: -240,
  ADT: -180,
  NST: -210,
  NDT: -150,
};
