/**
 * Magento 2 gives every store group a unique `code` (Magento 1 has none): derived from the name as
 * Magento 2's own installer does (`Main Website Store` → `main_website_store`), made unique with a
 * numeric suffix, at most 32 characters, starting with a letter.
 */
export function storeGroupCode(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(?=[0-9])/, 'g_')
      .slice(0, 32) || 'group'
  if (!taken.has(base)) return base
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base.slice(0, 32 - String(suffix).length - 1)}_${suffix}`
    if (!taken.has(candidate)) return candidate
  }
}
