// Separators and case vary between how people write ids and the catalog's spelling.
const normalize = (id: string) => id.toLowerCase().replace(/[-._\s]/g, '');

/**
 * The catalog id the caller most likely meant, when `requested` differs from it
 * only by separators, case or a missing `provider/` prefix; undefined when there
 * is no single such id.
 */
export function suggestModelId(requested: string, catalogIds: readonly string[]): string | undefined {
  if (catalogIds.includes(requested)) return undefined;
  const wanted = normalize(requested);
  const hasProvider = requested.includes('/');
  const matches = catalogIds.filter((id) => {
    if (normalize(id) === wanted) return true;
    const slash = id.indexOf('/');
    return !hasProvider && slash >= 0 && normalize(id.slice(slash + 1)) === wanted;
  });
  return matches.length === 1 ? matches[0] : undefined;
}
