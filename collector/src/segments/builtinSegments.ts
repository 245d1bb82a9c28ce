/** Segments every site has, by name. Definitions in ARCHITECTURE.md ("Happy Index, segments, clusters, exports"). */
export const BUILTIN_SEGMENTS = {
  'nps-promoters': 'latest NPS answer 9–10',
  'nps-passives': 'latest NPS answer 7–8',
  'nps-detractors': 'latest NPS answer 0–6',
  engaged: 'seen in the last 7 days',
  cooling: 'last seen 7–30 days ago',
  dormant: 'not seen for more than 30 days',
  new: 'one session so far',
  returning: 'more than one session',
  'at-risk': 'Happy Index fell by 5 points or more over 30 days',
  'newsletter-only': 'reads newsletters (human opens or clicks) but never viewed a page',
} as const;

export type BuiltinSegment = keyof typeof BUILTIN_SEGMENTS;
export const BUILTIN_NAMES = Object.keys(BUILTIN_SEGMENTS) as [BuiltinSegment, ...BuiltinSegment[]];
export const isBuiltin = (name: string): name is BuiltinSegment => Object.hasOwn(BUILTIN_SEGMENTS, name);
