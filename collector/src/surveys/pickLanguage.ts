/**
 * The language of a hosted survey page: `?lang=` first, then the browser's Accept-Language in its
 * order of preference, each tried as written (`pt-br`) and by its base (`pt`), against the languages
 * the survey has (its own and its translations); else the survey's own language.
 */
export function pickLanguage(available: string[], fallback: string, query: string | undefined, acceptLanguage: string | undefined): string {
  const wanted = [
    ...(query ? [query] : []),
    ...(acceptLanguage ?? '')
      .split(',')
      .map((part, i) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        return { tag: tag.trim(), q: q ? Number(q.slice(2)) || 0 : 1, i };
      })
      .filter((w) => w.tag && w.tag !== '*' && w.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i)
      .map((w) => w.tag),
  ];
  const have = new Set(available);
  for (const tag of wanted) {
    const lower = tag.toLowerCase();
    for (const candidate of [lower, lower.split('-')[0]]) if (have.has(candidate)) return candidate;
  }
  return fallback;
}
