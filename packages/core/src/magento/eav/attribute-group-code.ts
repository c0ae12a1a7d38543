import { createHash } from 'node:crypto'

/** Letters Unicode does not decompose, spelled as Magento's Translit filter spells them. */
const TRANSLIT: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', đ: 'd', ł: 'l', þ: 'th' }

/**
 * Magento 2 requires `attribute_group_code`, unique within the attribute set; Magento 1 has none.
 * Derived as Magento 2's Group::beforeSave does (transliterated, lowercase, runs of anything but
 * a-z0-9 → '-', trimmed of '-'; the md5 of the name when nothing is left), then made unique in the
 * set with a numeric suffix, since Magento 2 itself would refuse the duplicate.
 */
export function attributeGroupCode(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[ßæøœđłþ]/g, (letter) => TRANSLIT[letter] ?? letter)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || createHash('md5').update(name).digest('hex')
  if (!taken.has(base)) return base
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`
    if (!taken.has(candidate)) return candidate
  }
}
